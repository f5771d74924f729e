using IamOperator.Iam;
using IamOperator.Resources;
using Microsoft.Extensions.Logging;

namespace IamOperator.Reconciliation.Credentials;

/// <summary>What reconciling a user's credentials decided and did. Never carries a secret or a password.</summary>
public sealed record UserCredentialsResult
{
    public int Writes { get; init; }
    /// <summary>Set when a person must act (or a verification failed): the Ready condition's reason and message.</summary>
    public string? BlockedReason { get; init; }
    public string? BlockedMessage { get; init; }
    /// <summary>One line per credential for the plan, e.g. "credentials: access key: would create ...".</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public AccessKeyStatusInfo? AccessKey { get; init; }
    public ConsoleAccessStatusInfo? ConsoleAccess { get; init; }
    /// <summary>False when no credential store was given: nothing was read or written, status keeps what it had.</summary>
    public bool Managed { get; init; } = true;
    /// <summary>When the next rotation step is due (a new key, or the end of a grace period).</summary>
    public DateTimeOffset? NextStepAt { get; init; }
    /// <summary>Planning only: applying would write (IAM or a Secret) for the credentials.</summary>
    public bool ChangesPending { get; init; }
    /// <summary>An IAM error (<see cref="IamApiException"/>) or a failure of the credential store that stopped the work.</summary>
    public Exception? Failure { get; init; }
}

/// <summary>
/// The I/O edge of a user's credentials: reads IAM's keys and login profile and the Secrets, asks the pure decisions
/// (<see cref="AccessKeyRotation"/>, <see cref="ConsoleAccessDecision"/>) for the next step, and applies it. IAM errors
/// propagate as <see cref="IamApiException"/> for the caller to turn into conditions; secrets exist only in memory
/// between IAM's answer and the store.
/// </summary>
internal sealed partial class UserCredentialsReconciler(IIamApi iam, ReconcileSettings settings, TimeProvider timeProvider, ILogger logger)
{
    public const string AccessKeyIdKey = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";
    public const string UsernameKey = "username";
    public const string PasswordKey = "password";
    public const string SignInUrlKey = "signInUrl";
    /// <summary>The reset annotation value the Secret's password answers, kept with the password so folder mode (no status) remembers it too.</summary>
    public const string PasswordResetHandledKey = "passwordResetHandled";

    /// <summary>A rotation takes a few steps (create, retire); more than this in one reconcile means the decision is looping.</summary>
    private const int MaxStepsPerReconcile = 4;

    public static bool Declares(IamUser user) =>
        user.Spec.AccessKey is not null || user.Spec.ConsoleAccess is not null || user.Status?.AccessKey?.SecretName is not null;

    /// <param name="userExists">False while planning a user IAM does not have yet: nothing is read from IAM.</param>
    /// <param name="userArn">The user's ARN, that a new key must authenticate as; null only when planning.</param>
    public async Task<UserCredentialsResult> ReconcileAsync(
        IamUser user, string userName, string? userArn, bool userExists, ICredentialSecretStore? store, bool planOnly, CancellationToken ct)
    {
        if (store is null)
        {
            var names = new[]
            {
                user.Spec.ConsoleAccess is { Enabled: true } consoleSpec ? $"console password (Secret {Name(user, consoleSpec.PasswordSecretRef.Name)})" : null,
                user.Spec.AccessKey is { } key ? $"access key (Secret {Name(user, key.SecretRef.Name)})" : null,
            }.OfType<string>().ToList();
            return new UserCredentialsResult
            {
                Managed = false,
                Notes = names.Count == 0 ? [] : [$"credentials: {string.Join(" and ", names)} not managed in this run: no credential store (apply --credentials-dir DIR writes them as Secret manifests)"],
            };
        }

        var tally = new Tally();
        UserCredentialsResult accessKey, console;
        try
        {
            accessKey = await ReconcileAccessKeyAsync(user, userName, userArn, userExists, store, planOnly, tally, ct).ConfigureAwait(false);
            console = await ReconcileConsoleAsync(user, userName, userArn, userExists, store, planOnly, tally, ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // IAM's or the store's failure, with the writes made before it, for the caller to turn into a condition.
            return new UserCredentialsResult { Writes = tally.Writes, Failure = failure };
        }
        return new UserCredentialsResult
        {
            Writes = tally.Writes,
            BlockedReason = accessKey.BlockedReason ?? console.BlockedReason,
            BlockedMessage = accessKey.BlockedMessage ?? console.BlockedMessage,
            Notes = [.. accessKey.Notes, .. console.Notes],
            ChangesPending = planOnly && (accessKey.Notes.Count > 0 || console.Notes.Count > 0),
            Warnings = [.. accessKey.Warnings, .. console.Warnings],
            AccessKey = accessKey.AccessKey,
            ConsoleAccess = console.ConsoleAccess,
            NextStepAt = accessKey.NextStepAt,
        };
    }

    /// <summary>After the IAM user is deleted (its keys and login profile with it): the Secrets this IamUser owns go too.</summary>
    public async Task DeleteSecretsAsync(IamUser user, ICredentialSecretStore store, CancellationToken ct)
    {
        var names = new[] { user.Spec.AccessKey?.SecretRef.Name, user.Spec.ConsoleAccess?.PasswordSecretRef.Name, user.Status?.AccessKey?.SecretName, user.Status?.ConsoleAccess?.SecretName };
        foreach (var name in names.OfType<string>().Distinct(StringComparer.Ordinal))
            await store.DeleteAsync(Ref(user, name), ct).ConfigureAwait(false);
    }

    // ---- Access key

    private async Task<UserCredentialsResult> ReconcileAccessKeyAsync(
        IamUser user, string userName, string? userArn, bool userExists, ICredentialSecretStore store, bool planOnly, Tally tally, CancellationToken ct)
    {
        var spec = user.Spec.AccessKey;
        var remembered = user.Status?.AccessKey;
        if (spec is null)
        {
            return remembered?.SecretName is { } oldSecret
                ? await TurnAccessKeyOffAsync(user, userName, remembered, Ref(user, oldSecret), userExists, store, planOnly, tally, ct).ConfigureAwait(false)
                : new UserCredentialsResult();
        }

        var secretRef = Ref(user, spec.SecretRef.Name);
        var secret = await store.ReadAsync(secretRef, ct).ConfigureAwait(false);
        if (secret is { OwnedByOwner: false })
            return Conflict(user, secretRef, "spec.accessKey.secretRef.name");
        var keys = userExists ? (await iam.ListAccessKeysAsync(userName, ct).ConfigureAwait(false)).ToList() : [];
        var secretKeyId = secret?.Data[AccessKeyIdKey];
        var notes = new List<string>();
        var warnings = new List<string>();
        DateTimeOffset? next = null;
        string? blockedReason = null, blockedMessage = null;
        var rotateAfter = TimeSpan.FromDays(spec.RotateAfterDays);
        var grace = TimeSpan.FromDays(spec.GraceDays);

        for (var step = 0; step < MaxStepsPerReconcile; step++)
        {
            var now = timeProvider.GetUtcNow();
            var decision = AccessKeyRotation.Decide(new AccessKeyRotationInput(rotateAfter, grace, keys, secretKeyId, remembered?.AccessKeyId, now));
            if (decision is AccessKeyStep.Wait wait)
            {
                next = wait.Until;
                if (wait.Warning is { } warning) warnings.Add(warning);
                break;
            }
            if (decision is AccessKeyStep.Blocked blocked)
            {
                (blockedReason, blockedMessage) = (blocked.Reason, $"access key: {blocked.Message}");
                break;
            }
            if (planOnly)
            {
                notes.Add(decision switch
                {
                    AccessKeyStep.Create create => $"credentials: access key: would create a key ({create.Why}), verify it with sts:GetCallerIdentity and write it to Secret {secretRef.Namespace}/{secretRef.Name}",
                    AccessKeyStep.Retire retire => $"credentials: access key: would {(retire.Deactivate ? "deactivate and " : "")}delete the old key {retire.AccessKeyId} (grace period over)",
                    _ => $"credentials: access key: {decision}",
                });
                break;
            }
            if (decision is AccessKeyStep.Create create2)
            {
                var (created, failure) = await CreateVerifiedKeyAsync(userName, userArn!, store, secretRef, create2, tally, ct).ConfigureAwait(false);
                if (failure is not null)
                {
                    (blockedReason, blockedMessage) = failure.Value;
                    break;
                }
                keys.Add(new AccessKeyMetadata(userName, created!.AccessKeyId, AccessKeyStatus.Active, created.CreateDate));
                secretKeyId = created.AccessKeyId;
                LogKeyCreated(userName, created.AccessKeyId, secretRef.Namespace, secretRef.Name, create2.Why);
            }
            else if (decision is AccessKeyStep.Retire retire2)
            {
                if (retire2.Deactivate)
                {
                    await iam.UpdateAccessKeyAsync(userName, retire2.AccessKeyId, AccessKeyStatus.Inactive, ct).ConfigureAwait(false);
                    tally.Writes++;
                }
                await iam.DeleteAccessKeyAsync(userName, retire2.AccessKeyId, ct).ConfigureAwait(false);
                tally.Writes++;
                keys.RemoveAll(k => k.AccessKeyId == retire2.AccessKeyId);
                LogKeyRetired(userName, retire2.AccessKeyId);
            }
        }

        return new UserCredentialsResult
        {
            BlockedReason = blockedReason,
            BlockedMessage = blockedMessage,
            Notes = notes,
            Warnings = warnings,
            NextStepAt = next,
            AccessKey = KeyStatus(spec, keys, secretKeyId, secretRef.Name),
        };
    }

    /// <summary>Create → verify → write the Secret. A key that does not verify, or that no Secret may receive, is deleted again.</summary>
    private async Task<(NewAccessKey? Key, (string Reason, string Message)? Failure)> CreateVerifiedKeyAsync(
        string userName, string userArn, ICredentialSecretStore store, CredentialSecretRef secretRef, AccessKeyStep.Create create, Tally tally, CancellationToken ct)
    {
        var key = await iam.CreateAccessKeyAsync(userName, ct).ConfigureAwait(false);
        tally.Writes++;
        var problem = await VerifyAsync(key, userArn, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            await iam.DeleteAccessKeyAsync(userName, key.AccessKeyId, ct).ConfigureAwait(false);
            tally.Writes++;
            return (null, (ConditionReasons.AccessKeyVerificationFailed,
                $"access key: the new key {key.AccessKeyId} did not verify ({problem}); it was deleted and the Secret {secretRef.Namespace}/{secretRef.Name} keeps "
                + (create.Replaces is null ? "no key yet" : $"{create.Replaces}") + "; the operator tries again"));
        }
        var data = new CredentialSecretData(new Dictionary<string, string>
        {
            [AccessKeyIdKey] = key.AccessKeyId,
            [SecretAccessKeyKey] = key.SecretAccessKey,
        });
        try
        {
            await WriteSecretAsync(store, secretRef, data, AccessKeyIdKey, key.AccessKeyId, ct).ConfigureAwait(false);
        }
        catch (CredentialSecretConflictException conflict)
        {
            await iam.DeleteAccessKeyAsync(userName, key.AccessKeyId, ct).ConfigureAwait(false);
            tally.Writes++;
            return (null, (ConditionReasons.CredentialSecretConflict, $"access key: {conflict.Message}; the new key {key.AccessKeyId} was deleted again"));
        }
        catch (SecretNotWrittenException notWritten)
        {
            // The Secret certainly does not hold the new key: nobody else knows its secret, so it goes.
            await iam.DeleteAccessKeyAsync(userName, key.AccessKeyId, ct).ConfigureAwait(false);
            tally.Writes++;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(notWritten.InnerException!);
        }
        return (key, null);
    }

    /// <summary>Null when sts:GetCallerIdentity with the new key answers this user; else what went wrong (never the secret).</summary>
    private async Task<string?> VerifyAsync(NewAccessKey key, string userArn, CancellationToken ct)
    {
        var credentials = new StaticIamCredentials(key.AccessKeyId, key.SecretAccessKey);
        var delay = settings.AccessKeyVerificationDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var identity = await iam.GetCallerIdentityAsync(credentials, ct).ConfigureAwait(false);
                return string.Equals(identity.Arn, userArn, StringComparison.Ordinal)
                    ? null
                    : $"sts:GetCallerIdentity answered {identity.Arn}, not {userArn}";
            }
            // A new key can take a few seconds to be usable everywhere (IAM is eventually consistent): try again a few times.
            catch (IamApiException failure) when (attempt < settings.AccessKeyVerificationAttempts && failure.ErrorCode == IamErrorCode.AuthFailure)
            {
                await Task.Delay(delay, timeProvider, ct).ConfigureAwait(false);
                delay *= 2;
            }
            catch (IamApiException failure)
            {
                return $"sts:GetCallerIdentity failed after {attempt} attempt(s): {failure.Code}: {failure.IamMessage}";
            }
        }
    }

    private async Task<UserCredentialsResult> TurnAccessKeyOffAsync(
        IamUser user, string userName, AccessKeyStatusInfo remembered, CredentialSecretRef secretRef, bool userExists, ICredentialSecretStore store,
        bool planOnly, Tally tally, CancellationToken ct)
    {
        var secret = await store.ReadAsync(secretRef, ct).ConfigureAwait(false);
        var owned = secret is { OwnedByOwner: true };
        var current = (owned ? secret!.Data[AccessKeyIdKey] : null) ?? remembered.AccessKeyId;
        var keys = userExists ? await iam.ListAccessKeysAsync(userName, ct).ConfigureAwait(false) : [];
        var currentKey = keys.FirstOrDefault(k => k.AccessKeyId == current);
        // Ours: the Secret's key and any key created before it (the one it replaced); never a newer key.
        var ours = keys.Where(k => k.AccessKeyId == current || k.AccessKeyId == remembered.PreviousAccessKeyId
            || (currentKey is not null && k.CreateDate <= currentKey.CreateDate)).ToList();
        if (planOnly)
        {
            return new UserCredentialsResult
            {
                AccessKey = remembered,
                Notes = [$"credentials: access key: spec.accessKey was removed: would delete {(ours.Count == 0 ? "no key" : string.Join(", ", ours.Select(k => k.AccessKeyId)))}"
                    + (owned ? $" and Secret {secretRef.Namespace}/{secretRef.Name}" : "")],
            };
        }

        foreach (var key in ours)
        {
            await iam.DeleteAccessKeyAsync(userName, key.AccessKeyId, ct).ConfigureAwait(false);
            tally.Writes++;
            LogKeyRetired(userName, key.AccessKeyId);
        }
        if (owned)
            await store.DeleteAsync(secretRef, ct).ConfigureAwait(false);
        return new UserCredentialsResult { AccessKey = null };
    }

    private AccessKeyStatusInfo? KeyStatus(AccessKeySpec spec, IReadOnlyList<AccessKeyMetadata> keys, string? secretKeyId, string secretName)
    {
        var current = keys.FirstOrDefault(k => k.AccessKeyId == secretKeyId);
        if (current is null)
            return new AccessKeyStatusInfo { SecretName = secretName };
        var previous = keys.Where(k => k.AccessKeyId != current.AccessKeyId && k.CreateDate <= current.CreateDate).OrderBy(k => k.CreateDate).FirstOrDefault();
        return new AccessKeyStatusInfo
        {
            SecretName = secretName,
            AccessKeyId = current.AccessKeyId,
            CreateDate = current.CreateDate.UtcDateTime,
            AgeDays = (int)(timeProvider.GetUtcNow() - current.CreateDate).TotalDays,
            NextRotationTime = (current.CreateDate + TimeSpan.FromDays(spec.RotateAfterDays)).UtcDateTime,
            PreviousAccessKeyId = previous?.AccessKeyId,
            RetireTime = previous is null ? null : (current.CreateDate + TimeSpan.FromDays(spec.GraceDays)).UtcDateTime,
        };
    }

    // ---- Console password

    private async Task<UserCredentialsResult> ReconcileConsoleAsync(
        IamUser user, string userName, string? userArn, bool userExists, ICredentialSecretStore store, bool planOnly, Tally tally, CancellationToken ct)
    {
        var spec = user.Spec.ConsoleAccess;
        if (spec is null)
            return new UserCredentialsResult();
        var secretRef = Ref(user, spec.PasswordSecretRef.Name);
        var secret = await store.ReadAsync(secretRef, ct).ConfigureAwait(false);
        var owned = secret is { OwnedByOwner: true };
        if (spec.Enabled && secret is { OwnedByOwner: false })
            return Conflict(user, secretRef, "spec.consoleAccess.passwordSecretRef.name");
        var profile = userExists ? await iam.GetLoginProfileAsync(userName, ct).ConfigureAwait(false) : null;
        var annotation = user.Metadata.Annotations?.TryGetValue(ConsoleAccessSpec.ResetPasswordAnnotation, out var value) == true && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;
        var handled = owned ? secret!.Data[PasswordResetHandledKey] : null;
        var step = ConsoleAccessDecision.Decide(new ConsoleAccessInput(spec.Enabled, profile is not null, owned, string.IsNullOrEmpty(handled) ? null : handled, annotation));
        var status = spec.Enabled
            ? new ConsoleAccessStatusInfo { SecretName = secretRef.Name, LoginProfileCreateDate = profile?.CreateDate.UtcDateTime, PasswordResetHandled = string.IsNullOrEmpty(handled) ? null : handled }
            : null;

        if (step == ConsoleAccessStep.None)
            return new UserCredentialsResult { ConsoleAccess = status };
        if (step == ConsoleAccessStep.Blocked)
        {
            return new UserCredentialsResult
            {
                ConsoleAccess = status,
                BlockedReason = ConditionReasons.ConsoleAccessNotManaged,
                BlockedMessage = $"console access: IAM user {userName} has a console password the operator did not set, or its Secret {secretRef.Namespace}/{secretRef.Name} "
                    + $"is gone, so its password is unknown and it is never replaced unasked: set the annotation {ConsoleAccessSpec.ResetPasswordAnnotation} to a new value "
                    + "to let the operator set a new password (or set spec.consoleAccess.enabled: false)",
            };
        }

        if (planOnly)
        {
            return new UserCredentialsResult
            {
                ConsoleAccess = status,
                Notes = [step switch
                {
                    ConsoleAccessStep.Create => $"credentials: console password: would create a login profile with a generated password and write Secret {secretRef.Namespace}/{secretRef.Name}",
                    ConsoleAccessStep.Reset => $"credentials: console password: would set a new password (annotation {ConsoleAccessSpec.ResetPasswordAnnotation}={annotation}) and write Secret {secretRef.Namespace}/{secretRef.Name}",
                    _ => $"credentials: console password: would delete the login profile" + (owned ? $" and Secret {secretRef.Namespace}/{secretRef.Name}" : ""),
                }],
            };
        }

        if (step == ConsoleAccessStep.Delete)
        {
            if (profile is not null)
            {
                await iam.DeleteLoginProfileAsync(userName, ct).ConfigureAwait(false);
                tally.Writes++;
            }
            if (owned)
                await store.DeleteAsync(secretRef, ct).ConfigureAwait(false);
            return new UserCredentialsResult();
        }

        var password = PasswordGenerator.Generate(await iam.GetAccountPasswordPolicyAsync(ct).ConfigureAwait(false));
        LoginProfileInfo? created = null;
        if (step == ConsoleAccessStep.Create)
            created = await iam.CreateLoginProfileAsync(userName, password, spec.PasswordResetRequired, ct).ConfigureAwait(false);
        else
            await iam.UpdateLoginProfileAsync(userName, password, spec.PasswordResetRequired, ct).ConfigureAwait(false);
        tally.Writes++;
        var values = new Dictionary<string, string>
        {
            [UsernameKey] = userName,
            [PasswordKey] = password,
            [SignInUrlKey] = SignInUrl(userArn),
        };
        if (annotation is not null) values[PasswordResetHandledKey] = annotation;
        try
        {
            await WriteSecretAsync(store, secretRef, new CredentialSecretData(values), PasswordKey, password, ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is CredentialSecretConflictException or SecretNotWrittenException && step == ConsoleAccessStep.Create)
        {
            // Nobody can ever learn this password: a login profile nobody can use is removed again.
            await iam.DeleteLoginProfileAsync(userName, ct).ConfigureAwait(false);
            tally.Writes++;
            if (failure is SecretNotWrittenException notWritten) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(notWritten.InnerException!);
            return new UserCredentialsResult { BlockedReason = ConditionReasons.CredentialSecretConflict, BlockedMessage = $"console access: {failure.Message}; the login profile was deleted again" };
        }
        catch (CredentialSecretConflictException conflict)
        {
            return new UserCredentialsResult { BlockedReason = ConditionReasons.CredentialSecretConflict, BlockedMessage = $"console access: {conflict.Message}" };
        }
        LogPasswordSet(userName, step == ConsoleAccessStep.Create ? "created" : "reset", secretRef.Namespace, secretRef.Name);
        return new UserCredentialsResult
        {
            ConsoleAccess = new ConsoleAccessStatusInfo
            {
                SecretName = secretRef.Name,
                LoginProfileCreateDate = (created?.CreateDate ?? profile?.CreateDate ?? timeProvider.GetUtcNow()).UtcDateTime,
                PasswordResetHandled = annotation,
            },
        };
    }

    /// <summary>https://ACCOUNT_ID.signin.aws.amazon.com/console, the account's sign-in page for IAM users.</summary>
    public static string SignInUrl(string? userArn)
    {
        var parts = userArn?.Split(':');
        var account = parts is { Length: >= 5 } && parts[4].Length > 0 ? parts[4] : "ACCOUNT_ID";
        return $"https://{account}.signin.aws.amazon.com/console";
    }

    // ---- Secrets

    /// <summary>
    /// Writes the Secret. On a failure other than a conflict, reads it back: when it holds the new value after all, the
    /// write went through; otherwise <see cref="SecretNotWrittenException"/> says for certain that it did not.
    /// </summary>
    private static async Task WriteSecretAsync(
        ICredentialSecretStore store, CredentialSecretRef secretRef, CredentialSecretData data, string probeKey, string probeValue, CancellationToken ct)
    {
        try
        {
            await store.WriteAsync(secretRef, data, ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not (CredentialSecretConflictException or OperationCanceledException))
        {
            // Unknown whether it was written (a timeout after the store took it): only a read tells.
            var readBack = await store.ReadAsync(secretRef, ct).ConfigureAwait(false);
            if (readBack is { OwnedByOwner: true } && readBack.Data[probeKey] == probeValue)
                return;
            throw new SecretNotWrittenException(failure);
        }
    }

    private static UserCredentialsResult Conflict(IamUser user, CredentialSecretRef secretRef, string field) => new()
    {
        BlockedReason = ConditionReasons.CredentialSecretConflict,
        BlockedMessage = $"Secret {secretRef.Namespace}/{secretRef.Name} exists and is not owned by IamUser {user.Metadata.Name}; it is never overwritten: "
            + $"choose another {field} or delete that Secret",
    };

    private static CredentialSecretRef Ref(IamUser user, string name) =>
        new(user.Metadata.NamespaceProperty ?? "default", name, new CredentialSecretOwner(user.ApiVersion, user.Kind, user.Metadata.Name, user.Metadata.Uid ?? ""));

    private static string Name(IamUser user, string name) => $"{user.Metadata.NamespaceProperty ?? "default"}/{name}";

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "IAM user {User}: created access key {AccessKeyId}, verified it and wrote it to Secret {Namespace}/{Secret} ({Why})")]
    private partial void LogKeyCreated(string user, string accessKeyId, string @namespace, string secret, string why);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "IAM user {User}: deleted access key {AccessKeyId}")]
    private partial void LogKeyRetired(string user, string accessKeyId);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "IAM user {User}: console password {What}, written to Secret {Namespace}/{Secret}")]
    private partial void LogPasswordSet(string user, string what, string @namespace, string secret);
}

/// <summary>IAM writes made so far in one reconcile of a user's credentials, counted even when a later call fails.</summary>
internal sealed class Tally
{
    public int Writes;
}

/// <summary>A Secret write that failed and, read back, certainly did not happen; the cause is the inner exception.</summary>
internal sealed class SecretNotWrittenException(Exception cause) : Exception("the Secret was not written", cause);
