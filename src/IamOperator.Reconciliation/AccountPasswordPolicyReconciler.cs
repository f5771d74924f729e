using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using Microsoft.Extensions.Logging;

namespace IamOperator.Reconciliation;

/// <summary>
/// Reconciles an <see cref="IamAccountPasswordPolicy"/>: GetAccountPasswordPolicy → diff → UpdateAccountPasswordPolicy;
/// on deletion with deletionPolicy Delete, DeleteAccountPasswordPolicy. A declaration that another one for the same
/// account conflicts with stalls before any IAM call, naming the other. Never throws for IAM or spec problems.
/// </summary>
internal sealed class AccountPasswordPolicyReconciler(IIamApi iam, IResourceLookup lookup, ILogger logger)
{
    public async Task<ReconcileOutcome> ReconcileAsync(IamAccountPasswordPolicy resource, ReconcileOptions options, CancellationToken ct)
    {
        var key = KeyOf(resource);
        var problems = ResourceValidator.Validate(resource);
        if (problems.Count > 0)
            return Stalled(key, ConditionReasons.InvalidSpec, $"invalid spec (no IAM call made): {string.Join("; ", problems)}");
        if (AccountPasswordPolicyPlanner.ConflictsOf(resource, lookup.AccountPasswordPolicies) is { Count: > 0 } others)
        {
            return Stalled(key, ConditionReasons.InvalidSpec,
                $"invalid spec (no IAM call made): the account has one password policy and {string.Join(", ", others.Select(o => $"{IamAccountPasswordPolicy.KindName} {o.Metadata.Name}"))} "
                + $"also declares it; keep one declaration");
        }

        var desired = AccountPasswordPolicyPlanner.Desired(resource.Spec);
        Plan? plan = null;
        try
        {
            var observed = await iam.GetAccountPasswordPolicyAsync(ct).ConfigureAwait(false);
            plan = AccountPasswordPolicyPlanner.Diff(key, desired, observed);
            if (options.PlanOnly || plan.IsEmpty)
            {
                var conditions = plan.IsEmpty
                    ? ConditionState.Ready("the account password policy matches the declaration")
                    : ConditionState.Reconciling(plan.Change == PlanChange.Create ? ConditionReasons.Creating : ConditionReasons.Updating,
                        $"plan (not applied): {plan.Summary()}");
                return new ReconcileOutcome { Resource = key, Plan = plan, Conditions = conditions, LastPlan = plan.Summary(), IamName = AccountPasswordPolicyPlanner.IamName };
            }
            await iam.UpdateAccountPasswordPolicyAsync(desired, ct).ConfigureAwait(false);
            logger.LogInformation("{Resource}: {Plan}", key, plan.Summary());
            return new ReconcileOutcome
            {
                Resource = key, Plan = plan, Writes = 1, LastPlan = plan.Summary(), IamName = AccountPasswordPolicyPlanner.IamName,
                Conditions = ConditionState.Ready("the account password policy matches the declaration (1 IAM write)"),
            };
        }
        catch (IamApiException e)
        {
            return Failed(key, e) with { Plan = plan, LastPlan = plan?.Summary() };
        }
    }

    public async Task<ReconcileOutcome> DeleteAsync(IamAccountPasswordPolicy resource, ReconcileOptions options, CancellationToken ct)
    {
        var key = KeyOf(resource);
        // A declaration that never owned the account (a conflicting one) must not remove the policy the other declares.
        if (resource.Spec.DeletionPolicy == DeletionPolicy.Retain || AccountPasswordPolicyPlanner.ConflictsOf(resource, lookup.AccountPasswordPolicies).Count > 0)
        {
            return new ReconcileOutcome
            {
                Resource = key, Plan = Plan.NoChange(key, IamEntityKind.AccountPasswordPolicy, AccountPasswordPolicyPlanner.IamName),
                Conditions = ConditionState.Reconciling(ConditionReasons.Deleting, "the account password policy is kept"),
                FinalizerRemovable = true, LastPlan = "retain",
            };
        }

        Plan? plan = null;
        try
        {
            plan = AccountPasswordPolicyPlanner.DiffDeletion(key, await iam.GetAccountPasswordPolicyAsync(ct).ConfigureAwait(false));
            if (options.PlanOnly)
            {
                return new ReconcileOutcome
                {
                    Resource = key, Plan = plan, LastPlan = plan.Summary(),
                    Conditions = ConditionState.Reconciling(ConditionReasons.Deleting, $"plan (not applied): {plan.Summary()}"),
                };
            }

            if (!plan.IsEmpty) await DeleteAllowingAbsentAsync(ct).ConfigureAwait(false);
            return new ReconcileOutcome
            {
                Resource = key, Plan = plan, Writes = plan.Actions.Count, LastPlan = plan.Summary(), FinalizerRemovable = true,
                Conditions = ConditionState.Reconciling(ConditionReasons.Deleting, plan.IsEmpty
                    ? "the account has no password policy; IAM's default rules apply"
                    : "deleted the account password policy; IAM's default rules apply (1 IAM write)"),
            };
        }
        catch (IamApiException e)
        {
            return Failed(key, e) with { Plan = plan, LastPlan = plan?.Summary() };
        }
    }

    private async Task DeleteAllowingAbsentAsync(CancellationToken ct)
    {
        try
        {
            await iam.DeleteAccountPasswordPolicyAsync(ct).ConfigureAwait(false);
        }
        catch (IamApiException e) when (e.ErrorCode == IamErrorCode.NoSuchEntity)
        {
            // Deleted by someone else since it was read: the outcome is the same.
        }
    }

    /// <summary>Cluster-scoped: no namespace; the key shows "-" where a namespaced kind shows its namespace.</summary>
    public static ResourceKey KeyOf(IamAccountPasswordPolicy resource) =>
        new(IamAccountPasswordPolicy.KindName, string.IsNullOrEmpty(resource.Metadata.NamespaceProperty) ? "-" : resource.Metadata.NamespaceProperty, resource.Metadata.Name ?? "");

    private ReconcileOutcome Failed(ResourceKey key, IamApiException e)
    {
        var message = $"IAM {e.Action} failed: {e.Code}: {e.IamMessage}" + (e.RequestId is null ? "" : $" (request id {e.RequestId})");
        logger.LogWarning("{Resource}: {Message}", key, message);
        return e.ErrorCode switch
        {
            IamErrorCode.InvalidInput or IamErrorCode.MalformedPolicyDocument => Stalled(key, ConditionReasons.IamRejected, message),
            IamErrorCode.AccessDenied or IamErrorCode.AuthFailure => Stalled(key, ConditionReasons.AccessDenied, message),
            _ => new ReconcileOutcome { Resource = key, Conditions = ConditionState.Reconciling(ConditionReasons.RetryingAfterError, message) },
        };
    }

    private static ReconcileOutcome Stalled(ResourceKey key, string reason, string message) =>
        new() { Resource = key, Conditions = ConditionState.Stalled(reason, message) };
}
