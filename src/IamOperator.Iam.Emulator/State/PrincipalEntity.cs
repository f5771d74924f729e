namespace IamOperator.Iam.Emulator;

/// <summary>A user, group or role: carries managed policy attachments and inline policies.</summary>
internal abstract class PrincipalEntity : Entity
{
    /// <summary>ARNs of attached managed policies, in attachment order.</summary>
    public List<string> AttachedPolicyArns { get; } = [];

    /// <summary>Inline policies by name (names compare case-insensitively), in creation order.</summary>
    public List<InlinePolicyEntry> InlinePolicies { get; } = [];

    public InlinePolicyEntry? FindInline(string name) =>
        InlinePolicies.Find(policy => policy.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
