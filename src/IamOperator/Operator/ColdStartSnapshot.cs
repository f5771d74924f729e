using System.Collections.Concurrent;
using IamOperator.Controllers;
using IamOperator.Iam;
using IamOperator.Reconciliation.Observed;
using Microsoft.Extensions.Logging;

namespace IamOperator.Operator;

/// <summary>
/// The controller's cold start against one observation of the account: each resource's reconciles in this
/// process plan against a single GetAccountAuthorizationDetails read shared by all of them until the resource
/// first writes to IAM, so starting over resources already in sync costs about one call per thousand entities
/// instead of several per resource. Reconciles after a write read their entity themselves.
/// A snapshot older than <see cref="MaxAge"/> is not used: it is safe (a difference is read again before
/// any write, a stale create re-plans), but it would cost those extra reads. At that age it is also let go: for a
/// large account it is the biggest object the operator holds (every entity with its policy documents).
/// </summary>
public sealed partial class ColdStartSnapshot(IIamApi iam, TimeProvider time, ILogger<ColdStartSnapshot> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, byte> served = new(StringComparer.Ordinal);
    private readonly Lock readLock = new();
    private Task<(AccountSnapshot? Snapshot, DateTimeOffset Taken)>? read;
    private ITimer? expiry;

    /// <summary>
    /// Raised once, on a timer thread, when a snapshot is let go (<see cref="MaxAge"/> after its read): the end of the
    /// cold start's burst, after which the operator is mostly idle. The argument is how many entities it held.
    /// </summary>
    public event Action<int>? Released;

    /// <summary>True while the snapshot is held: from its read until <see cref="MaxAge"/> later.</summary>
    public bool HoldsSnapshot => Volatile.Read(ref read) is { IsCompletedSuccessfully: true } held && held.Result.Snapshot is not null;

    /// <summary>How many resources have had their first reconcile in this process.</summary>
    public int Served => served.Count;

    /// <summary>
    /// The shared snapshot until this resource's first reconcile in this process is done (<see cref="Reconciled"/>);
    /// null afterwards, or when the account cannot be read in bulk.
    /// </summary>
    public async Task<AccountSnapshot?> ForFirstReconcileAsync(string resource, CancellationToken cancellationToken)
    {
        if (served.ContainsKey(resource)) return null;
        Task<(AccountSnapshot? Snapshot, DateTimeOffset Taken)> pending;
        lock (readLock)
        {
            if (read is null || read.IsCanceled || read.IsFaulted) read = ReadAsync(cancellationToken);
            pending = read;
        }
        var (snapshot, taken) = await pending.ConfigureAwait(false);
        return time.GetUtcNow() - taken > MaxAge ? null : snapshot;
    }

    /// <summary>
    /// The resource's reconcile wrote to IAM, so the snapshot no longer shows its entity as it is. Until then
    /// (waits for a dependency, reconciles that found IAM in sync, the wake-ups a cold start's dependency events
    /// bring) its reconciles keep using the snapshot, for at most <see cref="MaxAge"/>.
    /// </summary>
    public void Reconciled(string resource) => served.TryAdd(resource, 0);

    private async Task<(AccountSnapshot?, DateTimeOffset)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var details = await iam.GetAccountAuthorizationDetailsAsync(
                AccountDetailsFilter.User | AccountDetailsFilter.Group | AccountDetailsFilter.Role | AccountDetailsFilter.LocalManagedPolicy,
                cancellationToken).ConfigureAwait(false);
            var taken = time.GetUtcNow();
            lock (readLock)
            {
                expiry?.Dispose();
                expiry = time.CreateDetachedTimer(_ => Expire(taken), null, MaxAge, Timeout.InfiniteTimeSpan);
            }
            return (new AccountSnapshot(details), taken);
        }
        catch (IamApiException e)
        {
            // Kept as "no snapshot": an endpoint without the call is not asked again for every resource.
            LogUnavailable(e, e.Code);
            return (null, time.GetUtcNow());
        }
    }

    /// <summary>Replaces the snapshot read at <paramref name="taken"/> by "none", so it can be collected.</summary>
    private void Expire(DateTimeOffset taken)
    {
        AccountSnapshot? released = null;
        lock (readLock)
        {
            if (read is { IsCompletedSuccessfully: true } held && held.Result.Taken == taken && held.Result.Snapshot is { } snapshot)
            {
                read = Task.FromResult<(AccountSnapshot?, DateTimeOffset)>((null, taken));
                released = snapshot;
            }
            expiry?.Dispose();
            expiry = null;
        }
        if (released is not null) Released?.Invoke(released.Entities);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cold start reads each entity by itself: GetAccountAuthorizationDetails failed ({Code})")]
    private partial void LogUnavailable(Exception exception, string code);
}
