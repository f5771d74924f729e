using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Credentials;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Execution;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using Microsoft.Extensions.Logging;

namespace IamOperator.Reconciliation;

/// <summary>
/// The one entry point the controller and the CLI call per resource:
/// desired (pure) → guardrails (pure) → observed (IAM reads) → plan (pure) → apply → outcome.
/// Never throws for IAM or spec problems: they become conditions. Cancellation propagates.
/// </summary>
public sealed class IamResourceReconciler
{
    private readonly IIamApi iam;
    private readonly IResourceLookup lookup;
    private readonly ReconcileSettings settings;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly IamObserver observer;
    private readonly PlanExecutor executor;
    private readonly UserCredentialsReconciler credentials;
    private readonly AccountPasswordPolicyReconciler accountPasswordPolicies;

    public IamResourceReconciler(IIamApi iam, IResourceLookup lookup, ReconcileSettings settings, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        this.iam = iam;
        this.lookup = lookup;
        this.settings = settings;
        this.timeProvider = timeProvider;
        logger = loggerFactory.CreateLogger<IamResourceReconciler>();
        observer = new IamObserver(iam);
        executor = new PlanExecutor(iam, settings, timeProvider, loggerFactory.CreateLogger<PlanExecutor>());
        credentials = new UserCredentialsReconciler(iam, settings, timeProvider, loggerFactory.CreateLogger<UserCredentialsReconciler>());
        accountPasswordPolicies = new AccountPasswordPolicyReconciler(iam, lookup, logger);
    }

    public async Task<ReconcileOutcome> ReconcileAsync(IIamResource resource, ReconcileOptions options, CancellationToken cancellationToken)
    {
        // The account, not an entity: one read and one write of its own, no snapshot, guardrails or hygiene.
        if (resource is IamAccountPasswordPolicy accountPolicy) return await accountPasswordPolicies.ReconcileAsync(accountPolicy, options, cancellationToken).ConfigureAwait(false);
        var state = DesiredStateBuilder.Build(resource, settings, lookup);
        var key = state.Identity.Resource;
        if (state.Problems.Count > 0)
            return Stalled(key, ConditionReasons.InvalidSpec, $"invalid spec (no IAM call made): {string.Join("; ", state.Problems)}");
        if (state.MissingDependencies.Count > 0)
            return Waiting(resource, key, $"waiting for {string.Join("; ", state.MissingDependencies)}");
        var desired = state.Entity!;

        var warnings = new List<string>();
        // Always checked: with guardrails disabled, Check still reports what IAM itself would refuse.
        var findings = Guardrails.Check(state.Subject!, settings.Guardrails);
        var violations = findings.Where(f => f.Severity == GuardrailSeverity.Violation).Select(Describe).ToList();
        if (violations.Count > 0)
            return Stalled(key, ConditionReasons.GuardrailViolation, $"guardrail violation (no IAM call made): {string.Join("; ", violations)}");
        warnings.AddRange(findings.Where(f => f.Severity == GuardrailSeverity.Warning).Select(Describe));

        Plan? plan = null;
        var writes = 0;
        try
        {
            var previousName = resource.Status?.IamName;
            var snapshot = options.Snapshot;
            ObservedEntity? observed;
            ObservedReferences references;
            IReadOnlyList<string> referenceWarnings;
            var fromSnapshot = snapshot is not null;
            if (snapshot is not null)
            {
                observed = await observer.ReadFromSnapshotAsync(desired, previousName, snapshot, cancellationToken).ConfigureAwait(false);
                (references, referenceWarnings) = await observer.ReadReferencesAsync(desired, observed, cancellationToken, snapshot).ConfigureAwait(false);
                plan = Planner.Diff(desired, observed, references);
                // An entity the snapshot shows in sync costs nothing more, and one it shows absent is created
                // (a stale "absent" fails the create, which reads again below). Any other plan writes to an
                // existing entity: read it itself first, for what the snapshot lacks (tags of a managed policy,
                // instance profiles) and because the snapshot may be older than IAM.
                if (observed is not null && !(plan.IsEmpty && plan.Blocker is null))
                {
                    fromSnapshot = false;
                    observed = await ObserveAsync(desired.Identity, previousName, observed.Arn, forDeletion: false, cancellationToken).ConfigureAwait(false);
                    (references, referenceWarnings) = await observer.ReadReferencesAsync(desired, observed, cancellationToken, snapshot).ConfigureAwait(false);
                    plan = Planner.Diff(desired, observed, references);
                }
            }
            else
            {
                observed = await ObserveAsync(desired.Identity, previousName, resource.Status?.Arn, forDeletion: false, cancellationToken, options.PolicyOnAnyPath).ConfigureAwait(false);
                (references, referenceWarnings) = await observer.ReadReferencesAsync(desired, observed, cancellationToken).ConfigureAwait(false);
                plan = Planner.Diff(desired, observed, references);
            }
            warnings.AddRange(referenceWarnings);
            // The snapshot never carries instance profile tags; only an endpoint that cannot list them is worth a warning.
            if (!fromSnapshot && observed is ObservedRole { InstanceProfiles: var profiles })
            {
                foreach (var profile in profiles.Where(p => p.TagsUnread is not null))
                    warnings.Add($"InstanceProfileOwnerUnknown: instance profile {profile.Name}: {profile.TagsUnread}; ownership judged from the role it holds");
            }

            if (plan.Change == PlanChange.Create && options.RefusedCreations.TryGetValue(key, out var refused))
                plan = Plan.Blocked(key, plan.Kind, plan.IamName, refused.Reason, refused.Message, refused.DeclarationAtFault);
            if (plan.Blocker is { } blocker)
                return Stalled(key, blocker.Reason, blocker.Message) with { Plan = plan, LastPlan = plan.Summary(), Warnings = warnings };

            if (options.PlanOnly || plan.IsEmpty)
            {
                if (desired is DesiredUser user) warnings.AddRange(await HygieneAsync(resource, user, observed as ObservedUser, snapshot, key, cancellationToken).ConfigureAwait(false));
                var conditions = plan.IsEmpty
                    ? ConditionState.Ready($"IAM {Noun(desired.Kind)} {desired.IamName} matches the declaration")
                    : ConditionState.Reconciling(plan.Change == PlanChange.Create ? ConditionReasons.Creating : ConditionReasons.Updating,
                        $"plan (not applied): {plan.Summary()}");
                var unchanged = WithStatus(new ReconcileOutcome { Resource = key, Plan = plan, Conditions = conditions, Warnings = warnings, LastPlan = plan.Summary() }, observed);
                // Credentials are judged against IAM as it is: when planning an update, only its own lines say what would change.
                return await WithCredentialsAsync(unchanged, resource, observed?.Name ?? desired.IamName, observed?.Arn, observed is not null, options, cancellationToken).ConfigureAwait(false);
            }

            var result = await executor.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
            writes = result.Writes;
            if (result.Failure is { } stale && fromSnapshot && IsStale(stale, result.FailedAction))
            {
                // The snapshot was older than IAM: read this one entity and plan it again.
                logger.LogInformation("{Resource}: {Action} met {Code} against the account snapshot; reading the entity and planning again",
                    key, result.FailedAction?.Operation, stale.Code);
                var again = await ReconcileAsync(resource, options with { Snapshot = null }, cancellationToken).ConfigureAwait(false);
                return again with { Writes = again.Writes + writes };
            }
            if (result.Failure is { ErrorCode: IamErrorCode.EntityAlreadyExists } exists && result.FailedAction?.Operation == IamOperation.CreatePolicy
                && !options.PolicyOnAnyPath)
            {
                // Read at its declared ARN the policy was absent, yet its name is taken: under another path. List them to find it.
                logger.LogInformation("{Resource}: CreatePolicy met {Code}; looking for the policy under every path", key, exists.Code);
                var again = await ReconcileAsync(resource, options with { Snapshot = null, PolicyOnAnyPath = true }, cancellationToken).ConfigureAwait(false);
                return again with { Writes = again.Writes + writes };
            }
            if (result.Failure is { } failure)
                return Failed(resource, key, failure, result.FailedAction) with { Plan = plan, Writes = writes, Warnings = warnings, LastPlan = plan.Summary() };

            // No read-back: IAM answered every write, and a read right after a write can lag (eventual
            // consistency). The next resync or drift scan compares again.
            if (desired is DesiredUser hygieneUser) warnings.AddRange(await HygieneAsync(resource, hygieneUser, observed as ObservedUser, snapshot, key, cancellationToken).ConfigureAwait(false));
            logger.LogInformation("{Resource}: {Plan}", key, plan.Summary());
            var applied = WithStatus(new ReconcileOutcome
            {
                Resource = key,
                Plan = plan,
                Writes = writes,
                Warnings = warnings,
                LastPlan = plan.Summary(),
                Conditions = ConditionState.Ready($"IAM {Noun(desired.Kind)} {desired.IamName} matches the declaration ({Writes(writes)})"),
            }, observed);
            applied = applied with
            {
                IamName = desired.IamName,
                Arn = result.CreatedArn ?? Renamed(applied.Arn, desired),
                IamId = result.CreatedId ?? applied.IamId,
                InstanceProfileArn = result.InstanceProfileArn ?? (desired is DesiredRole { InstanceProfile: true } ? applied.InstanceProfileArn : null),
                DefaultVersionId = result.DefaultVersionId ?? applied.DefaultVersionId,
            };
            // After the entity's writes: a new key must authenticate as the user, who exists now.
            return await WithCredentialsAsync(applied, resource, desired.IamName, applied.Arn, userExists: true, options, cancellationToken).ConfigureAwait(false);
        }
        catch (IamApiException e)
        {
            return Failed(resource, key, e, null) with { Plan = plan, Writes = writes, Warnings = warnings, LastPlan = plan?.Summary() };
        }
    }

    /// <summary>
    /// Deletes the resource's IAM entity as deletionPolicy says, IAM's prerequisites first. The
    /// outcome's <see cref="ReconcileOutcome.FinalizerRemovable"/> says whether the finalizer may go.
    /// </summary>
    public async Task<ReconcileOutcome> DeleteAsync(IIamResource resource, ReconcileOptions options, CancellationToken cancellationToken)
    {
        if (resource is IamAccountPasswordPolicy accountPolicy) return await accountPasswordPolicies.DeleteAsync(accountPolicy, options, cancellationToken).ConfigureAwait(false);
        var identity = DesiredStateBuilder.Identify(resource, settings);
        var key = identity.Resource;
        if (identity.DeletionPolicy == DeletionPolicy.Retain)
        {
            return new ReconcileOutcome
            {
                Resource = key,
                Plan = Plan.NoChange(key, identity.Kind, identity.IamName),
                Conditions = ConditionState.Reconciling(ConditionReasons.Deleting, $"deletionPolicy Retain: IAM {Noun(identity.Kind)} {identity.IamName} is kept"),
                FinalizerRemovable = true,
                LastPlan = "retain",
            };
        }

        Plan? plan = null;
        var writes = 0;
        try
        {
            var observed = await ObserveAsync(identity, resource.Status?.IamName, resource.Status?.Arn, forDeletion: true, cancellationToken).ConfigureAwait(false);
            plan = Planner.DiffDeletion(identity, observed);
            if (plan.Blocker is { } blocker)
            {
                return new ReconcileOutcome
                {
                    Resource = key, Plan = plan, LastPlan = plan.Summary(), FinalizerRemovable = true,
                    Conditions = ConditionState.Reconciling(ConditionReasons.Deleting, blocker.Message),
                };
            }

            if (options.PlanOnly)
            {
                return new ReconcileOutcome
                {
                    Resource = key, Plan = plan, LastPlan = plan.Summary(),
                    Conditions = ConditionState.Reconciling(ConditionReasons.Deleting, $"plan (not applied): {plan.Summary()}"),
                };
            }

            var result = await executor.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
            writes = result.Writes;
            if (result.Failure is { ErrorCode: IamErrorCode.EntityAlreadyExists } exists && result.FailedAction?.Operation == IamOperation.CreatePolicy
                && !options.PolicyOnAnyPath)
            {
                // Read at its declared ARN the policy was absent, yet its name is taken: under another path. List them to find it.
                logger.LogInformation("{Resource}: CreatePolicy met {Code}; looking for the policy under every path", key, exists.Code);
                var again = await ReconcileAsync(resource, options with { Snapshot = null, PolicyOnAnyPath = true }, cancellationToken).ConfigureAwait(false);
                return again with { Writes = again.Writes + writes };
            }
            if (result.Failure is { } failure)
                return Failed(resource, key, failure, result.FailedAction) with { Plan = plan, Writes = writes, LastPlan = plan.Summary() };
            logger.LogInformation("{Resource}: {Plan}", key, plan.Summary());
            // IAM deleted the user's keys and login profile with it; the Secrets holding them go too (only those it owns).
            if (resource is IamUser user && options.CredentialSecrets is { } store)
            {
                try
                {
                    await credentials.DeleteSecretsAsync(user, store, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception storeFailure) when (storeFailure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return new ReconcileOutcome
                    {
                        Resource = key, Plan = plan, Writes = writes, LastPlan = plan.Summary(),
                        Conditions = ConditionState.Reconciling(ConditionReasons.RetryingAfterError, $"deleting the credential Secrets failed: {storeFailure.Message}"),
                    };
                }
            }
            return new ReconcileOutcome
            {
                Resource = key, Plan = plan, Writes = writes, LastPlan = plan.Summary(), FinalizerRemovable = true,
                Conditions = ConditionState.Reconciling(ConditionReasons.Deleting,
                    observed is null ? $"IAM {Noun(identity.Kind)} {identity.IamName} is already gone" : $"deleted IAM {Noun(identity.Kind)} {observed.Name} ({Writes(writes)})"),
            };
        }
        catch (IamApiException e)
        {
            return Failed(resource, key, e, null) with { Plan = plan, Writes = writes, LastPlan = plan?.Summary() };
        }
    }

    /// <summary>
    /// An IamUser's console password and access key (<see cref="UserCredentialsReconciler"/>), once the user is as declared.
    /// A credential that needs a person, or fails, turns the outcome's Ready condition; the entity's own result stays.
    /// </summary>
    private async Task<ReconcileOutcome> WithCredentialsAsync(
        ReconcileOutcome outcome, IIamResource resource, string userName, string? userArn, bool userExists, ReconcileOptions options, CancellationToken ct)
    {
        if (resource is not IamUser user || !UserCredentialsReconciler.Declares(user))
            return outcome;
        var result = await credentials.ReconcileAsync(user, userName, userArn, userExists, options.CredentialSecrets, options.PlanOnly, ct).ConfigureAwait(false);
        var combined = outcome with
        {
            Writes = outcome.Writes + result.Writes,
            AccessKey = result.AccessKey,
            ConsoleAccess = result.ConsoleAccess,
            CredentialsManaged = result.Managed,
            CredentialNotes = result.Notes,
            CredentialChangesPending = result.ChangesPending,
            // The key being retired is old by design during its grace period: not a hygiene finding.
            Warnings = [.. outcome.Warnings.Where(w => result.AccessKey?.PreviousAccessKeyId is not { } retiring
                || !w.StartsWith($"AccessKeyNotRotated: access key {retiring} ", StringComparison.Ordinal)), .. result.Warnings],
            RequeueAfter = result.NextStepAt is { } next && outcome.IsReady ? Later(next) : outcome.RequeueAfter,
        };
        if (result.Failure is IamApiException iamFailure)
        {
            return Failed(resource, outcome.Resource, iamFailure, null) with
            {
                Plan = outcome.Plan, Writes = combined.Writes, Warnings = combined.Warnings, LastPlan = outcome.LastPlan, IamName = outcome.IamName, Arn = outcome.Arn, IamId = outcome.IamId,
            };
        }

        if (result.Failure is { } storeFailure)
        {
            logger.LogWarning("{Resource}: credential Secret store failed: {Message}", outcome.Resource, storeFailure.Message);
            return combined with
            {
                CredentialsManaged = false,
                Conditions = ConditionState.Reconciling(ConditionReasons.RetryingAfterError, $"credential Secret: {storeFailure.Message}"),
            };
        }
        if (result.BlockedReason is { } reason && !options.PlanOnly)
        {
            logger.LogWarning("{Resource}: {Reason}: {Message}", outcome.Resource, reason, result.BlockedMessage);
            return combined with { Conditions = ConditionState.Stalled(reason, result.BlockedMessage ?? reason) };
        }
        if (result.BlockedReason is { } planned)
            return combined with { CredentialNotes = [.. result.Notes, $"credentials: {planned}: {result.BlockedMessage}"] };
        return combined;
    }

    /// <summary>How long until a moment, at least a minute (a clock a little behind IAM's must not spin the queue).</summary>
    private TimeSpan Later(DateTimeOffset moment)
    {
        var wait = moment - timeProvider.GetUtcNow();
        return wait < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait;
    }

    /// <summary>
    /// The user's hygiene findings. A user observed from the account snapshot has no credentials read: its row of
    /// the credential report (read once per snapshot, on the first such user) supplies them. A report that cannot
    /// be read is one logged warning per snapshot (folder mode also notes it once), never a failure. Only a user
    /// that asks for credential findings needs it: spec.requireMfa not false, or a spec.accessKeyMaxAgeDays of its own.
    /// </summary>
    private async Task<IReadOnlyList<string>> HygieneAsync(
        IIamResource resource, DesiredUser desired, ObservedUser? observed, AccountSnapshot? snapshot, ResourceKey key, CancellationToken ct)
    {
        UserCredentialFacts? reported = null;
        var wantsCredentialFindings = desired.RequireMfa || resource is IamUser { Spec.AccessKeyMaxAgeDays: not null };
        if (observed is { AccessKeys: null } && snapshot is not null && wantsCredentialFindings)
        {
            var (report, unread) = await snapshot.CredentialReportAsync(() => CredentialReportReader.ReadAsync(iam, timeProvider, ct)).ConfigureAwait(false);
            reported = report?.Find(observed.Name);
            if (unread is not null && snapshot.ClaimCredentialReportWarning())
                logger.LogWarning("{Resource}: users' MFA, access key age and password use are not judged: {Reason}", key, unread);
        }
        return UserHygiene.Findings(desired, observed, timeProvider.GetUtcNow(), reported);
    }

    /// <summary>Reads under the name status recorded (a rename in progress), else under the declared name.</summary>
    private async Task<ObservedEntity?> ObserveAsync(EntityIdentity identity, string? previousName, string? knownArn, bool forDeletion, CancellationToken ct, bool policyOnAnyPath = false)
    {
        if (!string.IsNullOrEmpty(previousName) && !string.Equals(previousName, identity.IamName, StringComparison.Ordinal)
            && await observer.ReadAsync(identity, previousName, knownArn, forDeletion, ct, policyOnAnyPath).ConfigureAwait(false) is { } old)
        {
            return old;
        }

        return await observer.ReadAsync(identity, identity.IamName, knownArn, forDeletion, ct, policyOnAnyPath).ConfigureAwait(false);
    }

    private ReconcileOutcome Failed(IIamResource resource, ResourceKey key, IamApiException e, PlannedIamWrite? action)
    {
        var what = action is null ? $"IAM {e.Action}" : action.Describe();
        var message = $"{what} failed: {e.Code}: {e.IamMessage}" + (e.RequestId is null ? "" : $" (request id {e.RequestId})");
        logger.LogWarning("{Resource}: {Message}", key, message);
        if (e.ErrorCode == IamErrorCode.NoSuchEntity && action is { Operation: var operation } && ReferencesOtherEntity(operation))
            // A group named by IAM name or a policy ARN that does not exist (yet): wait, as for a missing reference.
            return Waiting(resource, key, $"waiting: {message}");
        return e.ErrorCode switch
        {
            IamErrorCode.MalformedPolicyDocument or IamErrorCode.InvalidInput or IamErrorCode.PolicyNotAttachable or IamErrorCode.UnmodifiableEntity
                or IamErrorCode.PasswordPolicyViolation
                => Stalled(key, ConditionReasons.IamRejected, message),
            IamErrorCode.LimitExceeded => Stalled(key, ConditionReasons.LimitExceeded, message),
            // Credentials or permissions: a person must act; the controller retries with backoff in case they did.
            IamErrorCode.AccessDenied or IamErrorCode.AuthFailure => Stalled(key, ConditionReasons.AccessDenied, message),
            _ => new ReconcileOutcome { Resource = key, Conditions = ConditionState.Reconciling(ConditionReasons.RetryingAfterError, message) },
        };
    }

    /// <summary>A user's or group's ARN after UpdateUser/UpdateGroup: arn:aws:iam::ACCOUNT:user{path}{name}.</summary>
    private static string? Renamed(string? arn, DesiredEntity desired)
    {
        if (arn is null || desired.Kind is not (IamEntityKind.User or IamEntityKind.Group)) return arn;
        var marker = desired.Kind == IamEntityKind.User ? ":user/" : ":group/";
        var at = arn.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? arn : $"{arn[..(at + marker.Length - 1)]}{desired.Path}{desired.IamName}";
    }

    /// <summary>
    /// What a write answers when the state it was planned against is out of date: the entity exists after
    /// all, is gone, or has something attached that the plan did not know of. A missing referenced entity
    /// (group, policy, boundary) is not stale state: it is waited for.
    /// </summary>
    private static bool IsStale(IamApiException failure, PlannedIamWrite? action) => failure.ErrorCode switch
    {
        IamErrorCode.EntityAlreadyExists or IamErrorCode.DeleteConflict => true,
        IamErrorCode.NoSuchEntity => action is null || !ReferencesOtherEntity(action.Operation),
        _ => false,
    };

    private static bool ReferencesOtherEntity(IamOperation operation) => operation is IamOperation.AddUserToGroup
        or IamOperation.AttachUserPolicy or IamOperation.AttachGroupPolicy or IamOperation.AttachRolePolicy
        or IamOperation.PutUserPermissionsBoundary or IamOperation.PutRolePermissionsBoundary
        or IamOperation.CreateUser or IamOperation.CreateRole; // NoSuchEntity on create: the boundary policy is missing

    /// <summary>
    /// A missing dependency: Reconciling (WaitingForDependency) until the dependency timeout has passed since the
    /// resource started waiting (the Reconciling condition's lastTransitionTime), then Stalled (DependencyNotFound).
    /// The dependency's own change wakes the resource, so the only timed look is the one at the deadline.
    /// </summary>
    private ReconcileOutcome Waiting(IIamResource resource, ResourceKey key, string message)
    {
        var conditions = resource.Status?.Conditions ?? [];
        var timedOut = conditions.Any(c => c.Type == ConditionTypes.Stalled && c.Status == ConditionState.True && c.Reason == ConditionReasons.DependencyNotFound);
        var waiting = conditions.FirstOrDefault(c => c.Type == ConditionTypes.Reconciling && c.Status == ConditionState.True && c.Reason == ConditionReasons.WaitingForDependency);
        var waited = waiting?.LastTransitionTime is { } since
            ? timeProvider.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc))
            : TimeSpan.Zero;
        if (timedOut || waited >= settings.DependencyTimeout)
            return Stalled(key, ConditionReasons.DependencyNotFound, $"{message}, for longer than the dependency timeout ({settings.DependencyTimeout.TotalSeconds:0.###}s)");
        return new ReconcileOutcome
        {
            Resource = key,
            Conditions = ConditionState.Reconciling(ConditionReasons.WaitingForDependency, message),
            RequeueAfter = settings.DependencyTimeout - waited,
        };
    }

    private static ReconcileOutcome Stalled(ResourceKey key, string reason, string message) =>
        new() { Resource = key, Conditions = ConditionState.Stalled(reason, message) };

    private static ReconcileOutcome WithStatus(ReconcileOutcome outcome, ObservedEntity? observed) => observed is null ? outcome : outcome with
    {
        IamName = observed.Name,
        Arn = observed.Arn,
        IamId = observed.Id,
        InstanceProfileArn = observed is ObservedRole role
            ? role.InstanceProfiles.FirstOrDefault(p => string.Equals(p.Name, role.Name, StringComparison.OrdinalIgnoreCase))?.Arn
            : null,
        DefaultVersionId = (observed as ObservedPolicy)?.DefaultVersionId,
    };

    private static string Describe(GuardrailFinding finding) => $"{finding.Rule} at {finding.FieldPath}: {finding.Message}";

    private static string Writes(int writes) => writes == 1 ? "1 IAM write" : $"{writes} IAM writes";

    private static string Noun(IamEntityKind kind) => kind == IamEntityKind.Policy ? "managed policy" : kind.ToString().ToLowerInvariant();
}
