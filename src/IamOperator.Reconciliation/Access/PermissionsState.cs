using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Access;

/// <summary>
/// The principals and customer managed policy documents of one state of the account: the planned state is the
/// declared entities over what the account snapshot shows for anything not declared; the current state is the
/// snapshot alone. IAM names are matched case-insensitively, as IAM does. AWS managed policy documents are
/// not here: they are the same in both states and read from IAM (<see cref="PolicyGathering.Resolve"/>).
/// </summary>
public sealed class PermissionsState
{
    private readonly Dictionary<(IamEntityKind, string), PrincipalPolicies> declared = [];
    private readonly Dictionary<string, string> declaredPolicies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<IamEntityKind, string, ObservedEntity?> observed;

    /// <param name="declaredPrincipals">Users, groups and roles as they will be.</param>
    /// <param name="declaredPolicyDocuments">Customer managed policy documents as they will be, by ARN.</param>
    /// <param name="observed">The account as it is (<see cref="AccountSnapshot.Find"/>), or null when unknown.</param>
    public PermissionsState(
        IEnumerable<PrincipalPolicies> declaredPrincipals,
        IReadOnlyDictionary<string, string> declaredPolicyDocuments,
        Func<IamEntityKind, string, ObservedEntity?>? observed)
    {
        foreach (var principal in declaredPrincipals) declared[(principal.Kind, principal.Name.ToUpperInvariant())] = principal;
        foreach (var (arn, document) in declaredPolicyDocuments) declaredPolicies[arn] = document;
        this.observed = observed ?? ((_, _) => null);
    }

    /// <summary>The account as the snapshot shows it.</summary>
    public static PermissionsState Current(Func<IamEntityKind, string, ObservedEntity?>? observed) => new([], new Dictionary<string, string>(), observed);

    /// <summary>The user, group or role of that name, declared first, else as observed; null when neither has it.</summary>
    public PrincipalPolicies? Principal(IamEntityKind kind, string name) =>
        declared.TryGetValue((kind, name.ToUpperInvariant()), out var principal) ? principal
        : observed(kind, name) is { } entity ? PrincipalPolicies.From(entity)
        : null;

    /// <summary>A customer managed policy's default document by ARN, declared first, else as observed; null when neither has it.</summary>
    public string? CustomerManagedDocument(string arn)
    {
        if (declaredPolicies.TryGetValue(arn, out var document)) return document;
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        return observed(IamEntityKind.Policy, name) is ObservedPolicy policy && string.Equals(policy.Arn, arn, StringComparison.OrdinalIgnoreCase)
            ? policy.Document
            : null;
    }
}
