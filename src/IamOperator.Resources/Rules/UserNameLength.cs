namespace IamOperator.Resources.Rules;

/// <summary>IAM user names are at most 64 characters (IAM quotas).</summary>
public sealed class UserNameLength() : IamNameLengthRule(IamLimits.ShortNameMaxLength, "user");
