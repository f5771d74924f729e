using IamOperator.Iam;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Credentials;

/// <summary>What the rotation knows: the spec's periods, IAM's keys for the user, the Secret's key and the time.</summary>
/// <param name="SecretKeyId">The AWS_ACCESS_KEY_ID in the Secret; null when there is no Secret (or no key in it).</param>
/// <param name="RememberedKeyId">
/// The key the Secret held at the last reconcile (status.accessKey.accessKeyId); null when nothing is remembered (folder
/// mode keeps no status). It only matters when the Secret itself is gone.
/// </param>
public sealed record AccessKeyRotationInput(
    TimeSpan RotateAfter,
    TimeSpan Grace,
    IReadOnlyList<AccessKeyMetadata> Keys,
    string? SecretKeyId,
    string? RememberedKeyId,
    DateTimeOffset Now);

/// <summary>The next step of an access key's life. One step at a time: the caller applies it and decides again.</summary>
public abstract record AccessKeyStep
{
    /// <summary>Nothing to do until <paramref name="Until"/> (the next rotation or the end of the grace period).</summary>
    public sealed record Wait(DateTimeOffset Until, string? Warning = null) : AccessKeyStep;

    /// <summary>
    /// Create a key, verify it (sts:GetCallerIdentity with it answers this user) and only then write it to the Secret,
    /// so the Secret never holds a key that was not proven to work. A failed verification deletes the new key and
    /// keeps the Secret as it is. <paramref name="Replaces"/> is the key it succeeds (retired after the grace period).
    /// </summary>
    public sealed record Create(string? Replaces, string Why) : AccessKeyStep;

    /// <summary>The grace period is over: deactivate the old key (when it is still active), then delete it.</summary>
    public sealed record Retire(string AccessKeyId, bool Deactivate) : AccessKeyStep;

    /// <summary>A person must act; nothing is written and no key is deleted.</summary>
    public sealed record Blocked(string Reason, string Message) : AccessKeyStep;
}

/// <summary>
/// Pure: the article's rotation ("create a new key, update your configuration, verify it works, then delete the old
/// key") through IAM's second key slot. The operator's keys are told apart without any memory of its own: it creates a
/// key only when IAM holds none, or only the key it is replacing, so a key created before the Secret's key is the
/// one that key replaced (keys cannot be backdated), and a key created after it is someone else's. Someone else's key
/// is never deleted: it stalls the rotation when the rotation needs its slot.
/// </summary>
public static class AccessKeyRotation
{
    /// <summary>IAM allows two access keys per user (IAM quotas).</summary>
    public const int KeysPerUser = 2;

    public static AccessKeyStep Decide(AccessKeyRotationInput input)
    {
        var keys = input.Keys;
        var current = input.SecretKeyId is null ? null : keys.FirstOrDefault(k => k.AccessKeyId == input.SecretKeyId);
        if (current is null)
            return WithoutWorkingSecret(input);

        var others = keys.Where(k => k.AccessKeyId != current.AccessKeyId).ToList();
        var foreign = others.Where(k => k.CreateDate > current.CreateDate).ToList();
        var previous = others.Where(k => k.CreateDate <= current.CreateDate).OrderBy(k => k.CreateDate).ToList();
        var due = current.CreateDate + input.RotateAfter;

        if (current.Status != AccessKeyStatus.Active)
        {
            // Deactivated outside the operator (perhaps because it leaked): do not turn it back on; replace it now.
            return others.Count == 0
                ? new AccessKeyStep.Create(current.AccessKeyId, $"the key in the Secret, {current.AccessKeyId}, was deactivated outside the operator")
                : new AccessKeyStep.Blocked(ConditionReasons.AccessKeyRotationBlocked,
                    $"the key in the Secret, {current.AccessKeyId}, was deactivated outside the operator, and IAM's second key slot holds {Ids(others)}; "
                    + "delete the key that should go (IAM allows two per user) and the operator creates a new one");
        }

        if (foreign.Count > 0)
        {
            var notOurs = $"access key {Ids(foreign)} was not created by the operator (it is newer than the key in the Secret, {current.AccessKeyId})";
            if (input.Now >= due)
            {
                return new AccessKeyStep.Blocked(ConditionReasons.AccessKeyRotationBlocked,
                    $"{notOurs}; the rotation needs IAM's second key slot: delete that key or take it out of this user, and the rotation goes on");
            }

            return new AccessKeyStep.Wait(due, $"AccessKeyNotManaged: {notOurs}; the next rotation ({Date(due)}) needs its slot");
        }

        if (previous.Count > 0)
        {
            var retireAt = current.CreateDate + input.Grace;
            if (input.Now < retireAt)
                return new AccessKeyStep.Wait(retireAt);
            var old = previous[0];
            return new AccessKeyStep.Retire(old.AccessKeyId, Deactivate: old.Status == AccessKeyStatus.Active);
        }

        return input.Now >= due
            ? new AccessKeyStep.Create(current.AccessKeyId, $"{current.AccessKeyId} is {(int)(input.Now - current.CreateDate).TotalDays} days old (rotateAfterDays {(int)input.RotateAfter.TotalDays})")
            : new AccessKeyStep.Wait(due);
    }

    /// <summary>The Secret is missing, or holds a key IAM no longer has.</summary>
    private static AccessKeyStep WithoutWorkingSecret(AccessKeyRotationInput input)
    {
        var keys = input.Keys;
        if (keys.Count == 0)
            return new AccessKeyStep.Create(null, input.SecretKeyId is null ? "the user has no access key yet" : $"the key in the Secret, {input.SecretKeyId}, no longer exists in IAM");
        if (input.SecretKeyId is null && input.RememberedKeyId is { } remembered && keys.Count == 1 && keys[0].AccessKeyId == remembered)
            // The Secret was deleted, and with it the only copy of the key's secret: replace the key like a rotation.
            return new AccessKeyStep.Create(remembered, $"the Secret holding {remembered} is gone");
        return new AccessKeyStep.Blocked(ConditionReasons.AccessKeyNotManaged,
            $"the user has access key {Ids(keys)}, which the operator did not create or whose secret it no longer holds"
            + (input.SecretKeyId is null ? " (no Secret)" : $" (the Secret holds {input.SecretKeyId}, which IAM no longer has)")
            + "; the operator deletes no key it cannot tell is its own: delete the key (or restore the Secret) and the operator creates its key");
    }

    private static string Ids(IEnumerable<AccessKeyMetadata> keys) => string.Join(", ", keys.Select(k => k.AccessKeyId));

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
