using System.ComponentModel;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>An IAM group: users get their permissions through groups.</summary>
[Description("IamGroup is an AWS IAM group: users get their permissions through groups, the way the IAM best practices recommend. IAM cannot tag groups.")]
[ValidationRule(typeof(GroupNameLength))]
public sealed class IamGroup : IamResource<IamGroupSpec>
{
    public const string KindName = "IamGroup";
    public const string Plural = "iamgroups";
    public IamGroup() => Kind = KindName;
}
