namespace IamOperator.Resources.Rules;

/// <summary>IAM group names are at most 128 characters (IAM quotas).</summary>
public sealed class GroupNameLength() : IamNameLengthRule(IamLimits.LongNameMaxLength, "group");
