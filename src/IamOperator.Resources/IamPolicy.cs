using System.ComponentModel;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>A reusable customer managed policy.</summary>
[Description("IamPolicy is a reusable AWS IAM customer managed policy, referenced by groups, users and roles through permissions.policyRefs or a permissions boundary.")]
[ValidationRule(typeof(PolicyNameLength))]
public sealed class IamPolicy : IamResource<IamPolicySpec>
{
    public const string KindName = "IamPolicy";
    public const string Plural = "iampolicies";
    public IamPolicy() => Kind = KindName;
}
