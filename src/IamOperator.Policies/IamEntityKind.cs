namespace IamOperator.Policies;

/// <summary>
/// The four IAM entity kinds the operator manages, in the order a folder is applied (a policy before the
/// entities that attach it). Guardrails judge the same four kinds, so this is the one vocabulary for both.
/// </summary>
public enum IamEntityKind
{
    /// <summary>A customer managed policy (IamPolicy).</summary>
    Policy,
    /// <summary>A group (IamGroup); cannot carry tags.</summary>
    Group,
    /// <summary>A user (IamUser).</summary>
    User,
    /// <summary>A role (IamServiceRole).</summary>
    Role,
}
