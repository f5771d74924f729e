using IamOperator.Iam;
using IamOperator.Reconciliation.Planning;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// The observed state of every entity from one GetAccountAuthorizationDetails read, for the
/// controller's drift scan: about N/1000 calls for the whole account instead of several per entity.
/// It lacks what that API does not return (credentials, group members, instance profile tags,
/// policy attachments); those fields are null and the drift check does not need them.
/// </summary>
public sealed class AccountSnapshot
{
    private readonly Dictionary<string, GroupDetail> groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserDetail> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RoleDetail> roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ManagedPolicyDetail> policies = new(StringComparer.OrdinalIgnoreCase);

    private const string SnapshotHasNoProfileTags = "the account snapshot carries no instance profile tags";

    public AccountSnapshot(AccountAuthorizationDetails details)
    {
        foreach (var group in details.Groups) groups[group.Group.GroupName] = group;
        foreach (var user in details.Users) users[user.User.UserName] = user;
        foreach (var role in details.Roles) roles[role.Role.RoleName] = role;
        // AWS managed policies share no names with ours that matter: only local ones are declared here.
        foreach (var policy in details.Policies)
            if (!policy.Policy.Arn.Contains(":iam::aws:", StringComparison.Ordinal)) policies[policy.Policy.PolicyName] = policy;
    }

    /// <summary>The entity of that kind and IAM name, or null when the account has none.</summary>
    public ObservedEntity? Find(IamEntityKind kind, string iamName) => kind switch
    {
        IamEntityKind.Group => groups.TryGetValue(iamName, out var g) ? Group(g) : null,
        IamEntityKind.User => users.TryGetValue(iamName, out var u) ? User(u) : null,
        IamEntityKind.Role => roles.TryGetValue(iamName, out var r) ? Role(r) : null,
        _ => policies.TryGetValue(iamName, out var p) ? Policy(p) : null,
    };

    /// <summary>
    /// The names of the entities of that kind that carry this owner (owner tag; groups: ownership marker),
    /// in name order. A folder keeps no status, so this is how folder mode finds what a resource made
    /// under an earlier spec.iamName. Managed policies are not found: the snapshot carries no policy tags.
    /// </summary>
    public IReadOnlyList<string> NamesOwnedBy(IamEntityKind kind, string owner)
    {
        IEnumerable<string> names = kind switch
        {
            IamEntityKind.Group => groups.Values.Where(g => Group(g).Owner == owner).Select(g => g.Group.GroupName),
            IamEntityKind.User => users.Values.Where(u => IamObserver.OwnerOf(IamObserver.TagMap(u.Tags)) == owner).Select(u => u.User.UserName),
            IamEntityKind.Role => roles.Values.Where(r => IamObserver.OwnerOf(IamObserver.TagMap(r.Tags)) == owner).Select(r => r.Role.RoleName),
            _ => [],
        };
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static ObservedGroup Group(GroupDetail detail)
    {
        var (inline, owner) = Inline(detail.InlinePolicies, markerAllowed: true);
        var group = detail.Group;
        return new ObservedGroup(group.GroupName, group.Path, group.Arn, group.GroupId, owner,
            IamObserver.Arns(detail.AttachedPolicies), inline, Members: null);
    }

    private static ObservedUser User(UserDetail detail)
    {
        var user = detail.User;
        var tags = IamObserver.TagMap(detail.Tags);
        return new ObservedUser(user.UserName, user.Path, user.Arn, user.UserId, IamObserver.OwnerOf(tags), tags, detail.GroupNames,
            IamObserver.Arns(detail.AttachedPolicies), Inline(detail.InlinePolicies, markerAllowed: false).Inline,
            user.PermissionsBoundaryArn, AccessKeys: null, MfaDevices: null, HasLoginProfile: null);
    }

    private static ObservedRole Role(RoleDetail detail)
    {
        var role = detail.Role;
        var tags = IamObserver.TagMap(detail.Tags);
        var profiles = detail.InstanceProfiles
            .Select(p => new ObservedInstanceProfile(p.InstanceProfileName, p.Arn, p.RoleNames, Owner: null, TagsUnread: SnapshotHasNoProfileTags)).ToList();
        return new ObservedRole(role.RoleName, role.Path, role.Arn, role.RoleId, IamObserver.OwnerOf(tags), tags,
            PolicyText.Canonical(role.AssumeRolePolicyDocument), role.Description ?? "", role.MaxSessionDuration,
            IamObserver.Arns(detail.AttachedPolicies), Inline(detail.InlinePolicies, markerAllowed: false).Inline,
            role.PermissionsBoundaryArn, profiles);
    }

    private static ObservedPolicy Policy(ManagedPolicyDetail detail)
    {
        var policy = detail.Policy;
        var tags = IamObserver.TagMap(policy.Tags ?? []);
        var document = detail.Versions.FirstOrDefault(v => v.IsDefaultVersion)?.Document ?? "";
        return new ObservedPolicy(policy.PolicyName, policy.Path, policy.Arn, policy.PolicyId, IamObserver.OwnerOf(tags), tags,
            policy.Description, policy.DefaultVersionId, PolicyText.Canonical(document), detail.Versions, Entities: null);
    }

    private static (IReadOnlyDictionary<string, string> Inline, string? Owner) Inline(IReadOnlyList<InlinePolicy> policies, bool markerAllowed)
    {
        var inline = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? owner = null;
        foreach (var policy in policies)
        {
            if (markerAllowed && GroupOwnershipMarker.IsMarker(policy.PolicyName)) owner = GroupOwnershipMarker.ReadOwner(policy.Document);
            else inline[policy.PolicyName] = PolicyText.Canonical(policy.Document);
        }
        return (inline, owner);
    }
}
