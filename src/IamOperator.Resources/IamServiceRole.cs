using System.ComponentModel;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>An IAM role that AWS services or Kubernetes service accounts (IRSA) assume.</summary>
[Description("IamServiceRole is an AWS IAM role assumed by AWS services (EC2, Lambda, ...) or by Kubernetes service accounts through the cluster's OIDC provider (IRSA). Roles give temporary credentials only.")]
[ValidationRule(typeof(RoleNameLength))]
public sealed class IamServiceRole : IamResource<IamServiceRoleSpec>
{
    public const string KindName = "IamServiceRole";
    public const string Plural = "iamserviceroles";
    public IamServiceRole() => Kind = KindName;
}
