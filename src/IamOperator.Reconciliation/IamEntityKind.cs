namespace IamOperator.Reconciliation;

/// <summary>The IAM entity kinds the operator manages: the four of the entity pipeline, then the account's password policy.</summary>
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
