using System.Reflection;
using IamOperator.Iam;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Tests.Desired;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>
/// Users planned against the account snapshot are judged for MFA, key age and password use from one credential
/// report per snapshot (the snapshot carries no credentials); a report that cannot be read fails nothing.
/// </summary>
public class SnapshotCredentialReportTests
{
    private static string User(string name, string extra = "") => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: {{name}}, namespace: team }
        spec:
          {{extra}}
          tags: { team: dev }
        """;

    private static async Task<AccountSnapshot> SnapshotAsync(EmulatedIam emulated) =>
        new(await emulated.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All & ~AccountDetailsFilter.AwsManagedPolicy, default));

    private static async Task<ReconcileOutcome[]> ReconcileAsync(EmulatedIam emulated, AccountSnapshot snapshot, IIamApi? iam = null, params string[] yaml)
    {
        var reconciler = iam is null ? emulated.Reconciler()
            : new IamResourceReconciler(iam, emulated.Lookup, new ReconcileSettings { OwnerId = "cluster-a" }, TimeProvider.System,
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        return await Task.WhenAll(yaml.Select(y => reconciler.ReconcileAsync(Manifests.One(y), ReconcileOptions.Plan with { Snapshot = snapshot }, default)));
    }

    [Fact]
    public async Task Users_in_sync_are_judged_from_one_credential_report_for_the_whole_snapshot()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        // ben asks for key age findings only: his row is read too, and no MFA is asked of him.
        string[] users = [User("ann"), User("ben", "requireMfa: false\n  accessKeyMaxAgeDays: 30"), User("cid")];
        foreach (var yaml in users) Assert.True((await emulated.ApplyAsync(Manifests.One(yaml))).IsReady);
        await emulated.Iam.CreateAccessKeyAsync("ben", default);
        var snapshot = await SnapshotAsync(emulated);
        emulated.Server.Statistics.Reset();

        var outcomes = await ReconcileAsync(emulated, snapshot, null, users);

        Assert.All(outcomes, o => Assert.True(o.Plan!.IsEmpty, o.Plan.Describe()));
        Assert.Equal([true, false, true], outcomes.Select(o => o.Warnings.Any(w => w.StartsWith("NoMfa:", StringComparison.Ordinal))));
        Assert.All(outcomes, o => Assert.DoesNotContain(o.Warnings, w => w.StartsWith("AccessKeyNotRotated:", StringComparison.Ordinal)));
        Assert.Equal(1, emulated.Server.Statistics.CallsOf("GenerateCredentialReport"));
        Assert.Equal(1, emulated.Server.Statistics.CallsOf("GetCredentialReport"));
        Assert.Equal(2, emulated.Server.Statistics.TotalCalls);
        Assert.Null(snapshot.CredentialReportUnread);
    }

    [Fact]
    public async Task A_user_that_asks_for_no_credential_findings_costs_no_report()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        var yaml = User("svc", "requireMfa: false");
        Assert.True((await emulated.ApplyAsync(Manifests.One(yaml))).IsReady);
        var snapshot = await SnapshotAsync(emulated);
        emulated.Server.Statistics.Reset();

        var outcome = Assert.Single(await ReconcileAsync(emulated, snapshot, null, yaml));

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(0, emulated.Server.Statistics.TotalCalls);
    }

    [Fact]
    public async Task A_refused_report_is_one_reason_on_the_snapshot_and_every_user_still_reconciles()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        string[] users = [User("ann"), User("ben")];
        foreach (var yaml in users) Assert.True((await emulated.ApplyAsync(Manifests.One(yaml))).IsReady);
        var snapshot = await SnapshotAsync(emulated);
        var refusing = RefusingIam.Wrap(emulated.Iam, nameof(IIamApi.GenerateCredentialReportAsync),
            new IamApiException(IamErrorCode.AccessDenied, "AccessDenied", "not authorized to perform iam:GenerateCredentialReport", null, 403, "GenerateCredentialReport"));

        var outcomes = await ReconcileAsync(emulated, snapshot, refusing.Iam, users);

        Assert.All(outcomes, o => Assert.True(o.IsReady, o.Message));
        Assert.All(outcomes, o => Assert.DoesNotContain(o.Warnings, w => w.StartsWith("NoMfa:", StringComparison.Ordinal)));
        Assert.Equal(1, refusing.Refused);
        Assert.StartsWith("GenerateCredentialReport failed: AccessDenied:", snapshot.CredentialReportUnread);
        Assert.Contains("iam:GenerateCredentialReport", snapshot.CredentialReportUnread);
    }

    /// <summary>IAM through the real client, except one method, which fails with the given error.</summary>
    public class RefusingIam : DispatchProxy
    {
        private IIamApi inner = null!;
        private string method = "";
        private IamApiException failure = null!;
        private int refused;

        public IIamApi Iam { get; private set; } = null!;
        public int Refused => Volatile.Read(ref refused);

        public static RefusingIam Wrap(IIamApi inner, string method, IamApiException failure)
        {
            var proxy = Create<IIamApi, RefusingIam>();
            var refusing = (RefusingIam)(object)proxy;
            (refusing.inner, refusing.method, refusing.failure, refusing.Iam) = (inner, method, failure, proxy);
            return refusing;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name != method) return targetMethod.Invoke(inner, args);
            Interlocked.Increment(ref refused);
            var result = targetMethod.ReturnType.GetGenericArguments()[0];
            return typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(result).Invoke(null, [failure]);
        }
    }
}
