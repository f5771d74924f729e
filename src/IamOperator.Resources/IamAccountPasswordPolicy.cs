using System.ComponentModel;

namespace IamOperator.Resources;

/// <summary>The AWS account's IAM password policy: one per account, so the kind is cluster-scoped.</summary>
[Description("IamAccountPasswordPolicy is the AWS account's IAM password policy for console passwords (UpdateAccountPasswordPolicy). One per account: the kind is cluster-scoped, and a second declaration for the same account stalls, naming the first.")]
public sealed class IamAccountPasswordPolicy : IamResource<IamAccountPasswordPolicySpec>
{
    public const string KindName = "IamAccountPasswordPolicy";
    public const string Plural = "iamaccountpasswordpolicies";
    public IamAccountPasswordPolicy() => Kind = KindName;
}
