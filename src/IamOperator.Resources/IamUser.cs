using System.ComponentModel;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>An IAM user for one person.</summary>
[Description("IamUser is an AWS IAM user for one person (never shared). Give permissions through groups; direct permissions draw a warning.")]
[ValidationRule(typeof(UserNameLength))]
public sealed class IamUser : IamResource<IamUserSpec>
{
    public const string KindName = "IamUser";
    public const string Plural = "iamusers";
    public IamUser() => Kind = KindName;
}
