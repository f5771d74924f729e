namespace IamOperator.Resources.Rules;

/// <summary>IAM role names are at most 64 characters (IAM quotas).</summary>
public sealed class RoleNameLength() : IamNameLengthRule(IamLimits.ShortNameMaxLength, "role");
