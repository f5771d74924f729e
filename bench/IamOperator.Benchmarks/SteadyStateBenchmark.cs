using IamOperator.Hosting;
using System.Diagnostics;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmark 4: what it costs to confirm that 1,000 entities are still in sync — a reconcile of each (per-resource
/// reads) versus one drift scan (GetAccountAuthorizationDetails pages + the pure DriftCheck of every resource).
/// A hand-made change is then detected by the scan, to show the cheap path still sees drift.
/// </summary>
public static class SteadyStateBenchmark
{
    public static async Task RunAsync(TextWriter output, int size = 1000)
    {
        var generated = GeneratedFolder.Of(size);
        var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-bench-steady-{Environment.ProcessId}");
        generated.WriteTo(folder);
        try
        {
            await using var iam = await EmbeddedIam.StartAsync();
            var (first, _) = await FolderApplyBenchmark.ApplyAsync(folder, iam);
            if (first.Resources.Any(r => !r.IsReady))
            {
                throw new InvalidOperationException("the first apply left resources not Ready: " + string.Join(", ", first.Resources.Where(r => !r.IsReady).Select(r => $"{r.Resource} {r.Reason}")));
            }

            var table = new Table("way to confirm", "entities", "IAM calls", "calls per 1,000 entities", "writes", "wall time", "drifted found", "calls by action");

            iam.Statistics.Reset();
            var (reconciled, reconcileTime) = await FolderApplyBenchmark.ApplyAsync(folder, iam);
            table.Add("reconcile each resource (per-resource reads)", size, iam.Statistics.TotalCalls, iam.Statistics.TotalCalls * 1000.0 / size,
                iam.Statistics.WriteCalls, reconcileTime, reconciled.Resources.Count(r => r.Writes > 0), iam.CallsByAction());

            // References resolve as the folder apply left them: every dependency Ready, with its ARN.
            var resources = generated.Load().Resources;
            var lookup = new FolderResourceLookup(resources, new ReconcileSettings { OwnerId = FolderApplyBenchmark.OwnerId }, planOnly: false);
            foreach (var outcome in reconciled.Resources)
            {
                lookup.Record(outcome);
            }

            var (scanCalls, scanWrites, scanTime, drifted, scanActions) = await ScanAsync(iam, resources, lookup);
            table.Add("one drift scan (GetAccountAuthorizationDetails)", size, scanCalls, scanCalls * 1000.0 / size, scanWrites, scanTime, drifted, scanActions);

            // A person detaches a policy from one role by hand: the scan must still find it.
            await iam.Iam.DetachPolicyAsync(IamPrincipal.Role("BenchRole0000"), "arn:aws:iam::aws:policy/ReadOnlyAccess", CancellationToken.None);
            var (calls, writes, time, found, actions) = await ScanAsync(iam, resources, lookup);
            table.Add("drift scan after one hand-made change", size, calls, calls * 1000.0 / size, writes, time, found, actions);
            if (found != 1)
            {
                throw new InvalidOperationException($"the drift scan should find exactly the one changed role, found {found}");
            }

            table.WriteTo(output, $"4. Steady state: IAM calls to confirm {generated.Describe()} are in sync");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Calls, int Writes, TimeSpan Time, int Drifted, string Actions)> ScanAsync(
        EmbeddedIam iam, IReadOnlyList<Resources.IIamResource> resources, IResourceLookup lookup)
    {
        iam.Statistics.Reset();
        var clock = Stopwatch.StartNew();
        var settings = new ReconcileSettings { OwnerId = FolderApplyBenchmark.OwnerId };
        // What DriftScanner.ScanOnceAsync does for every Ready resource, without the controllers around it.
        var snapshot = new AccountSnapshot(await iam.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, CancellationToken.None));
        var drifted = resources.Count(r => DriftCheck.Check(r, settings, lookup, snapshot).Drifted);
        return (iam.Statistics.TotalCalls, iam.Statistics.WriteCalls, clock.Elapsed, drifted, iam.CallsByAction());
    }
}
