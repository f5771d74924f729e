using System.Reflection;
using IamOperator.Resources;

namespace IamOperator.Deploy.Tests;

/// <summary>Every condition reason with the condition it accompanies, as ConditionReasons documents them.</summary>
public static class ReasonCatalog
{
    public static IReadOnlyDictionary<string, ReasonCategory> Categories { get; } = new Dictionary<string, ReasonCategory>
    {
        [ConditionReasons.Reconciled] = ReasonCategory.Ready,
        [ConditionReasons.Creating] = ReasonCategory.Reconciling,
        [ConditionReasons.Updating] = ReasonCategory.Reconciling,
        [ConditionReasons.Deleting] = ReasonCategory.Reconciling,
        [ConditionReasons.WaitingForDependency] = ReasonCategory.Reconciling,
        [ConditionReasons.RetryingAfterError] = ReasonCategory.Reconciling,
        [ConditionReasons.GuardrailViolation] = ReasonCategory.Stalled,
        [ConditionReasons.InvalidSpec] = ReasonCategory.Stalled,
        [ConditionReasons.OwnershipConflict] = ReasonCategory.Stalled,
        [ConditionReasons.AlreadyExists] = ReasonCategory.Stalled,
        [ConditionReasons.IamRejected] = ReasonCategory.Stalled,
        [ConditionReasons.LimitExceeded] = ReasonCategory.Stalled,
        [ConditionReasons.AccessDenied] = ReasonCategory.Stalled,
        [ConditionReasons.DependencyNotFound] = ReasonCategory.Stalled,
        [ConditionReasons.AccessKeyVerificationFailed] = ReasonCategory.Stalled,
        [ConditionReasons.AccessKeyRotationBlocked] = ReasonCategory.Stalled,
        [ConditionReasons.AccessKeyNotManaged] = ReasonCategory.Stalled,
        [ConditionReasons.ConsoleAccessNotManaged] = ReasonCategory.Stalled,
        [ConditionReasons.CredentialSecretConflict] = ReasonCategory.Stalled,
    };

    /// <summary>The constants declared in ConditionReasons; read reflectively so a new reason cannot slip past the catalog and the runbook.</summary>
    public static IReadOnlyList<string> Declared { get; } = typeof(ConditionReasons)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public static TheoryData<string> All() => new(Categories.Keys);
}
