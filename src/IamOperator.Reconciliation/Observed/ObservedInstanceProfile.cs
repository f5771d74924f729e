namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// An instance profile. <see cref="Owner"/> is its owner tag's value, null when untagged or when its
/// tags could not be read; then <see cref="TagsUnread"/> says why (the bulk snapshot carries no
/// instance profile tags; some IAM-compatible endpoints do not implement ListInstanceProfileTags),
/// and ownership is judged from the role the profile holds.
/// </summary>
public sealed record ObservedInstanceProfile(string Name, string Arn, IReadOnlyList<string> RoleNames, string? Owner, string? TagsUnread = null);
