using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>An apply stopped between two IAM calls converges on the next run, with no duplicates or orphans.</summary>
public class InterruptionTests
{
    [Theory]
    [InlineData(3)]   // inside the first policies
    [InlineData(12)]  // among the groups (CreateGroup and its ownership marker)
    [InlineData(25)]  // among the roles and users
    public async Task Apply_cancelled_after_some_writes_converges_on_rerun(int writesBeforeStop)
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId }, 0);
        var iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint,
            Credentials = new StaticIamCredentials(EmulatorCredential.DocumentationExample.AccessKeyId, EmulatorCredential.DocumentationExample.SecretAccessKey),
            RequestsPerSecond = 10_000, Burst = 10_000,
        });
        await iam.CreateGroupAsync("Auditors", null, default);
        server.Statistics.Reset();
        // Slow calls leave room to stop between two of them.
        server.Faults.Latency = TimeSpan.FromMilliseconds(5);

        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (server.Statistics.WriteCalls < writesBeforeStop) await Task.Delay(1);
            await stop.CancelAsync();
        });
        var interrupted = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder, ct: stop.Token);
        await watcher;
        Assert.Equal(CliApplication.Interrupted, interrupted.ExitCode);
        Assert.StartsWith("iam-operator: interrupted before finishing", interrupted.Error);
        var writesWhenStopped = server.Statistics.WriteCalls;
        // Each resource in flight (up to --concurrency of one level) may have one more write under way.
        Assert.InRange(writesWhenStopped, writesBeforeStop, writesBeforeStop + FolderOptions.DefaultConcurrency + 2);

        server.Faults.Latency = TimeSpan.Zero;
        var rerun = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);
        Assert.True(rerun.ExitCode == FolderReport.Success, rerun.Output);

        var details = await iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, default);
        Assert.Equal(["Analysts", "Auditors", "DevOps", "Developers", "ReadOnly"], details.Groups.Select(g => g.Group.GroupName).Order(StringComparer.Ordinal));
        Assert.Equal(["alice.johnson", "bob.smith", "charlie.ops", "ci-deployer", "diana.analyst", "erin.legacy", "frank.contractor", "helen.stakeholder"],
            details.Users.Select(u => u.User.UserName).Order(StringComparer.Ordinal));
        Assert.Equal(["CiDeployer", "EC2-S3-Access-Role", "Lambda-Basic-Role", "ReportBuilder", "orders-api-irsa"],
            details.Roles.Select(r => r.Role.RoleName).Order(StringComparer.Ordinal));
        Assert.Equal(["IamTeamBoundary", "ReportsBucketRead"],
            details.Policies.Where(p => !p.Policy.Arn.Contains(":aws:policy/")).Select(p => p.Policy.PolicyName).Order(StringComparer.Ordinal));
        Assert.All(details.Policies.Where(p => !p.Policy.Arn.Contains(":aws:policy/")), p => Assert.Single(p.Versions));
        Assert.Equal(["EC2-S3-Access-Role"], details.Roles.SelectMany(r => r.InstanceProfiles).Select(p => p.InstanceProfileName));

        var third = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);
        Assert.Contains("0 IAM writes: everything up to date.", third.Output);
    }
}
