using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// Runs a set of controllers: every replica keeps its caches warm (so readiness means "caches synced" everywhere
/// and a new leader starts at once), and only the leader — or every replica when leader election is off — runs the
/// workers. Stopping lets in-flight reconciles finish, then releases the Lease.
/// </summary>
public sealed partial class ControllerRuntime(IReadOnlyList<IController> controllers, LeaderElector? leaderElector, ILogger<ControllerRuntime> logger)
{
    private volatile bool running;

    public IReadOnlyList<IController> Controllers => controllers;

    /// <summary>Readiness: every informer has synced.</summary>
    public bool IsReady => controllers.All(c => c.HasSynced);

    /// <summary>Whether this replica runs the workers now (always true without leader election once started).</summary>
    public bool IsLeader => leaderElector?.IsLeader ?? running;

    /// <summary>The controller of a kind (by <see cref="CustomResourceKind.Kind"/>), e.g. for the drift scan to enqueue into.</summary>
    public IController? For(string kind) => controllers.FirstOrDefault(c => c.Kind.Kind == kind);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(controllers.Count, leaderElector is not null);
        var caches = controllers.Select(c => c.RunCacheAsync(cancellationToken)).ToList();
        var work = leaderElector is null
            ? RunWorkersAsync(cancellationToken)
            : leaderElector.RunAsync(RunWorkersAsync, cancellationToken);
        await Task.WhenAll(caches.Append(work)).ConfigureAwait(false);
        LogStopped();
    }

    private async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        running = true;
        try
        {
            await Task.WhenAll(controllers.Select(c => c.RunWorkersAsync(cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            running = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {Count} controllers (leader election: {LeaderElection})")]
    private partial void LogStarting(int count, bool leaderElection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controllers stopped")]
    private partial void LogStopped();
}
