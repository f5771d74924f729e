using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>IRSA: Kubernetes service accounts federated through the cluster's OIDC provider.</summary>
public sealed class ServiceAccountTrustSpec
{
    /// <summary>arn:aws:iam::ACCOUNT:oidc-provider/ISSUER-HOST-AND-PATH</summary>
    [Description("The ARN of the cluster's IAM OIDC identity provider: arn:aws:iam::ACCOUNT:oidc-provider/ISSUER-HOST-AND-PATH.")]
    [Required]
    [StringLength(IamLimits.ArnMaxLength, MinimumLength = IamLimits.ArnMinLength)]
    [RegularExpression(IamPatterns.OidcProviderArn)]
    [JsonPropertyName("oidcProviderArn")] public string OidcProviderArn { get; set; } = "";

    [Description("The service accounts that may assume the role.")]
    [Required]
    [MinLength(1)]
    [MaxLength(20)]
    [JsonPropertyName("subjects")] public List<ServiceAccountRef> Subjects { get; set; } = [];
}
