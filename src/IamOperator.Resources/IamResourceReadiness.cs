namespace IamOperator.Resources;

/// <summary>Readiness as the operator, dependents and the drift scan judge it, in one place.</summary>
public static class IamResourceReadiness
{
    /// <summary>The status holds Ready=True (for whatever generation it was written).</summary>
    public static bool HasReadyCondition(this IamResourceStatus? status) =>
        status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true;

    /// <summary>Ready=True and written for the resource's current generation: the operator has acted on this spec.</summary>
    public static bool IsReadyAtGeneration(this IIamResource resource) =>
        resource.Status?.ObservedGeneration == resource.Metadata.Generation && resource.Status.HasReadyCondition();
}
