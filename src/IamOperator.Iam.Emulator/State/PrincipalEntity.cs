namespace IamOperator.Iam.Emulator.State;

/// <summary>A user, group or role: carries managed policy attachments and inline policies.</summary>
internal abstract class PrincipalEntity : Entity
{
    /// <summary>ARNs of attached managed policies, in attachment order.</summary>
    public List<string> AttachedPolicyArns { get; } = [];

    /// <summary>Inline policies by name (names compare case-insensitively), in creation order.</summary>
    public List<InlinePolicyEntry> InlinePolicies { get; } = [];

    public InlinePolicyEntry? FindInline(string name) =>
        InlinePolicies.Find(policy => policy.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Copies attachments and inline policies into a snapshot of this principal.</summary>
    protected void CopyPoliciesTo(PrincipalEntity copy)
    {
        copy.AttachedPolicyArns.AddRange(AttachedPolicyArns);
        copy.InlinePolicies.AddRange(InlinePolicies.Select(policy => new InlinePolicyEntry(policy.Name, policy.Document)));
    }
}
