namespace IamOperator.Resources.Rules;

/// <summary>IAM policy names are at most 128 characters (IAM quotas).</summary>
public sealed class PolicyNameLength() : IamNameLengthRule(IamLimits.LongNameMaxLength, "policy");
