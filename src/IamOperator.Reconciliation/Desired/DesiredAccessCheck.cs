using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>A context key's values in a check's simulated request, with IAM's key type.</summary>
public sealed record DesiredAccessContextEntry(string Key, SimulationContextKeyType Type, IReadOnlyList<string> Values);

/// <summary>
/// One spec.accessChecks entry, resolved (resource defaulted to <c>*</c>) and in the types both judges take:
/// <see cref="ToEvaluationRequest"/> for the local engine (plan) and <see cref="ToSimulationContext"/> for IAM's
/// simulator (apply, the controller). <see cref="Index"/> is the entry's place in the list, for field paths.
/// </summary>
public sealed record DesiredAccessCheck(int Index, string Action, string Resource, IReadOnlyList<DesiredAccessContextEntry> Context, AccessExpectation Expect)
{
    /// <summary>The field path of the entry, e.g. spec.accessChecks[2].</summary>
    public string Field => $"spec.accessChecks[{Index}]";

    /// <summary>The checks a user, group or role declares, in order; none for policies and for kinds without the field.</summary>
    public static IReadOnlyList<DesiredAccessCheck> Of(IIamResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var specs = resource.Spec switch
        {
            IamUserSpec u => u.AccessChecks,
            IamGroupSpec g => g.AccessChecks,
            IamServiceRoleSpec r => r.AccessChecks,
            _ => null,
        };
        return specs is null ? [] : [.. specs.Select((spec, i) => From(i, spec))];
    }

    public static DesiredAccessCheck From(int index, AccessCheckSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new DesiredAccessCheck(
            index,
            spec.Action,
            string.IsNullOrEmpty(spec.Resource) ? "*" : spec.Resource,
            [.. (spec.Context ?? []).Select(c => new DesiredAccessContextEntry(c.Key, ToSimulation(c.Type), [.. c.Values]))],
            spec.Expect);
    }

    /// <summary>True when <paramref name="decision"/> is what the check expects (Denied: explicitly or implicitly).</summary>
    public bool IsMetBy(EvaluationDecision decision) =>
        Expect == AccessExpectation.Allowed ? decision == EvaluationDecision.Allowed : decision != EvaluationDecision.Allowed;

    /// <summary>The request the local engine judges: the check's action, resource and context keys.</summary>
    public EvaluationRequest ToEvaluationRequest() => new(Action, Resource)
    {
        Context = Context.ToDictionary(c => c.Key, c => c.Values, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>The check's context as SimulatePrincipalPolicy's ContextEntries.</summary>
    public IReadOnlyList<SimulationContextEntry> ToSimulationContext() =>
        [.. Context.Select(c => new SimulationContextEntry(c.Key, c.Type, c.Values))];

    private static SimulationContextKeyType ToSimulation(AccessCheckContextKeyType type) =>
        Enum.Parse<SimulationContextKeyType>(type.ToString());
}
