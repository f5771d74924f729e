using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease with client-go's semantics: a candidate takes the Lease when
/// it is free or when its holder has not renewed it for <see cref="LeaderElectionOptions.LeaseDuration"/> as observed
/// on this replica's own clock (no comparison of clocks across machines); the leader renews every
/// <see cref="LeaderElectionOptions.RetryPeriod"/> and steps down when it could not renew for
/// <see cref="LeaderElectionOptions.RenewDeadline"/>; on shutdown it releases the Lease. All writes are
/// conditional on the resourceVersion read, so two candidates never both win.
/// </summary>
public sealed partial class LeaderElector
{
    // client-go's JitterFactor for the retry loop.
    private const double Jitter = 1.2;
    private const long NoAttemptScheduled = long.MinValue;

    private readonly IKubernetesApi api;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private V1Lease? observed;
    private long observedAt;
    private volatile bool isLeader;
    private long nextAttemptTicks = NoAttemptScheduled;

    public LeaderElector(IKubernetesApi api, LeaderElectionOptions options, TimeProvider time, ILogger<LeaderElector> logger)
    {
        if (string.IsNullOrWhiteSpace(options.Identity))
        {
            throw new ArgumentException("Leader election needs a non-empty Identity for this replica.", nameof(options));
        }

        if (options.LeaseDuration <= options.RenewDeadline || options.RenewDeadline <= options.RetryPeriod * Jitter)
        {
            throw new ArgumentException(
                $"Leader election timings must satisfy LeaseDuration > RenewDeadline > RetryPeriod × {Jitter} (got {options.LeaseDuration}, {options.RenewDeadline}, {options.RetryPeriod}).",
                nameof(options));
        }

        this.api = api;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public bool IsLeader => isLeader;

    public string Identity => options.Identity;

    /// <summary>
    /// When this replica next tries to take or renew the Lease, on its clock; null while an attempt is running. A
    /// replica whose next attempt lies in the future has acted on everything due so far, which is what a test driving
    /// a fake clock waits for before judging who leads.
    /// </summary>
    public DateTimeOffset? NextAttemptAt
    {
        get
        {
            var ticks = Interlocked.Read(ref nextAttemptTicks);
            return ticks == NoAttemptScheduled ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The holder of the Lease as last observed.</summary>
    public string? ObservedLeader => observed?.Spec?.HolderIdentity;

    /// <summary>
    /// Campaigns for the Lease and runs <paramref name="whileLeading"/> while this replica leads, with a token that is
    /// cancelled when leadership is lost or on shutdown. After losing leadership it campaigns again. On shutdown it
    /// waits for <paramref name="whileLeading"/> to finish, then releases the Lease.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            isLeader = true;
            LogStartedLeading(options.Identity, options.LeaseNamespace, options.LeaseName);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
            await RenewAsync(work, cancellationToken).ConfigureAwait(false);
            await leading.CancelAsync().ConfigureAwait(false);
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Expected when leadership ends.
            }
            catch (Exception e)
            {
                LogWorkFailed(e, options.Identity);
            }

            isLeader = false;
            LogStoppedLeading(options.Identity);
            if (cancellationToken.IsCancellationRequested)
            {
                if (options.ReleaseOnCancel)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }

                return;
            }
        }
    }

    /// <summary>One attempt to take or renew the Lease; true when this replica holds it afterwards.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref nextAttemptTicks, NoAttemptScheduled);
        var now = time.GetUtcNow();
        try
        {
            var lease = await api.GetLeaseAsync(options.LeaseNamespace, options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                var created = await api.CreateLeaseAsync(NewLease(now), cancellationToken).ConfigureAwait(false);
                Observe(created);
                return true;
            }

            if (observed?.Metadata?.ResourceVersion != lease.Metadata?.ResourceVersion)
            {
                Observe(lease);
            }

            var spec = lease.Spec ?? new V1LeaseSpec();
            var holder = spec.HolderIdentity;
            var heldByMe = holder == options.Identity;
            var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds);
            if (!string.IsNullOrEmpty(holder) && !heldByMe && time.GetElapsedTime(observedAt) < duration)
            {
                return false;
            }

            var nowUtc = now.UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = options.Identity,
                LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
                AcquireTime = heldByMe ? spec.AcquireTime : nowUtc,
                RenewTime = nowUtc,
                LeaseTransitions = heldByMe ? spec.LeaseTransitions : (spec.LeaseTransitions ?? 0) + 1,
            };
            var replaced = await api.ReplaceLeaseAsync(lease, cancellationToken).ConfigureAwait(false);
            Observe(replaced);
            return true;
        }
        catch (Exception e) when (e is ConflictException or AlreadyExistsException)
        {
            // Another candidate wrote first.
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogAttemptFailed(e, options.Identity);
            return false;
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                await Task.Delay(NextAttemptIn(JitteredRetryPeriod()), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews until the renew deadline passes without success, the work ends, or shutdown.</summary>
    private async Task RenewAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenewal = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(NextAttemptIn(options.RetryPeriod), time, cancellationToken)).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested || work.IsCompleted)
                {
                    return;
                }

                using var deadline = new CancellationTokenSource(options.RenewDeadline, time);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                if (await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false))
                {
                    lastRenewal = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastRenewal) >= options.RenewDeadline)
                {
                    LogLostLease(options.Identity, ObservedLeader ?? "");
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                if (time.GetElapsedTime(lastRenewal) >= options.RenewDeadline)
                {
                    LogLostLease(options.Identity, ObservedLeader ?? "");
                    return;
                }
            }
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.RenewDeadline, time);
            var lease = await api.GetLeaseAsync(options.LeaseNamespace, options.LeaseName, timeout.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }

            // client-go's release: no holder, a one-second lease, so the next candidate takes over at once.
            var nowUtc = time.GetUtcNow().UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = null,
                LeaseDurationSeconds = 1,
                AcquireTime = nowUtc,
                RenewTime = nowUtc,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            Observe(await api.ReplaceLeaseAsync(lease, timeout.Token).ConfigureAwait(false));
            LogReleased(options.Identity);
        }
        catch (Exception e)
        {
            LogReleaseFailed(e, options.Identity);
        }
    }

    private V1Lease NewLease(DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            AcquireTime = now.UtcDateTime,
            RenewTime = now.UtcDateTime,
            LeaseTransitions = 0,
        },
    };

    private void Observe(V1Lease lease)
    {
        observed = lease;
        observedAt = time.GetTimestamp();
    }

    private TimeSpan NextAttemptIn(TimeSpan delay)
    {
        Interlocked.Exchange(ref nextAttemptTicks, (time.GetUtcNow() + delay).UtcTicks);
        return delay;
    }

    private TimeSpan JitteredRetryPeriod() => options.RetryPeriod * (1 + (Jitter * Random.Shared.NextDouble()));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader on Lease {Namespace}/{Name}")]
    private partial void LogStartedLeading(string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not renew its Lease within the renew deadline; last seen holder {Holder}")]
    private partial void LogLostLease(string identity, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election attempt of {Identity} failed")]
    private partial void LogAttemptFailed(Exception exception, string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work of leader {Identity} failed")]
    private partial void LogWorkFailed(Exception exception, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released its Lease")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not release its Lease")]
    private partial void LogReleaseFailed(Exception exception, string identity);
}
