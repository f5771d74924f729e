namespace IamOperator.Policies;

/// <summary>Stable rule ids of <see cref="GuardrailFinding.Rule"/>; docs/policies.md describes each with an example.</summary>
public static class GuardrailRules
{
    // What IAM itself refuses: always checked.
    public const string IdentityPolicyPrincipal = "identity-policy-principal";
    public const string IdentityPolicyResource = "identity-policy-resource";
    public const string TrustPolicyPrincipal = "trust-policy-principal";
    public const string TrustPolicyResource = "trust-policy-resource";
    public const string PolicySize = "policy-size";

    // Built-in rules: on unless GuardrailSettings.Enabled is false.
    public const string NoAllowStarOnStar = "no-allow-star-on-star";
    public const string NoAllowNotActionOnStar = "no-allow-notaction-on-star";
    public const string PatternsTooComplex = "patterns-too-complex";
    public const string NoAllowPrivilegeEscalation = "no-allow-privilege-escalation";
    public const string PassRoleOnStar = "passrole-on-star";
    public const string TrustWildcardPrincipal = "trust-wildcard-principal";
    /// <summary>A non-STS action in a trust policy (IAM refuses it: always checked), or a trust nobody can use (built-in warning).</summary>
    public const string TrustPolicyAction = "trust-policy-action";
    public const string AdministratorAccessAttached = "administrator-access-attached";
    public const string PolicyVariablesNeedVersion = "policy-variables-need-2012-10-17";

    // Operator settings: checked whenever the setting is given.
    public const string ManagedPolicyNotAllowed = "managed-policy-not-allowed";
    public const string ManagedPolicyDenied = "managed-policy-denied";
    public const string PermissionsBoundaryRequired = "permissions-boundary-required";
    public const string NamePrefixRequired = "name-prefix-required";
}
