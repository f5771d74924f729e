namespace IamOperator.Policies;

/// <summary>
/// The IAM entity kinds the operator manages: the four of the entity pipeline, in the order a folder is applied
/// (a policy before the entities that attach it), then the account's password policy. Guardrails judge the
/// first four, so this is the one vocabulary for both.
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
    /// <summary>The account's password policy (IamAccountPasswordPolicy): one per account, no name of its own.</summary>
    AccountPasswordPolicy,
}
