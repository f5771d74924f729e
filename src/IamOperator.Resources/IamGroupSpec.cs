using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>The desired IAM group. No tags: IAM cannot tag groups.</summary>
public sealed class IamGroupSpec : IamEntitySpec
{
    [Description("The group's permissions: managed policies, IamPolicy references and inline policies. The operator makes IAM match exactly.")]
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }

    [Description("What a member of the group with no other permissions must and must not be allowed to do, as IAM's policy simulator decides it (SimulatePrincipalPolicy on the group): plan judges them against the planned policies, apply and the operator verify them with IAM after changes. Up to 100 checks.")]
    [MaxLength(AccessCheckSpec.MaxPerResource)]
    [JsonPropertyName("accessChecks")] public List<AccessCheckSpec>? AccessChecks { get; set; }
    /// <summary>Enforces MFA for the members, as the article's "MFA everywhere" asks, instead of only reporting it.</summary>
    [Description("When true, the operator adds AWS's documented MFA guard as the inline policy 'iamoperator.dev-require-mfa': members may set up their own MFA device and change their own password, and every other request is denied unless signed in with MFA (aws:MultiFactorAuthPresent). Default false; false removes the guard.")]
    [JsonPropertyName("requireMfa")] public bool? RequireMfa { get; set; }
}
