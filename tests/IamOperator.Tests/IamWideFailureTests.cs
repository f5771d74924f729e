using System.Reflection;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Tests;

/// <summary>A failure of the credentials or the endpoint halfway through a run stops it at once instead of failing every remaining resource.</summary>
public sealed class IamWideFailureTests
{
    /// <summary>IAM through the real client, except the calls <see cref="Refuse"/> answers with an error instead.</summary>
    public class RefusingIam : DispatchProxy
    {
        public IIamApi Inner { get; set; } = null!;
        public Func<MethodInfo, IamApiException?> Refuse { get; set; } = _ => null;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (Refuse(targetMethod!) is not { } refused) return targetMethod!.Invoke(Inner, args);
            var returnType = targetMethod!.ReturnType;
            return returnType == typeof(Task)
                ? Task.FromException(refused)
                : typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [refused]);
        }
    }

    private static async Task<(IamEmulatorServer Server, IIamApi Iam, RefusingIam Refusing)> StartAsync()
    {
        var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId }, 0);
        var credential = EmulatorCredential.DocumentationExample;
        var client = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint, Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = 10_000, Burst = 10_000,
        });
        await client.CreateGroupAsync("Auditors", null, default);
        await client.CreateUserAsync(new CreateUserRequest("erin.legacy"), default);
        var iam = DispatchProxy.Create<IIamApi, RefusingIam>();
        var refusing = (RefusingIam)(object)iam;
        refusing.Inner = client;
        return (server, iam, refusing);
    }

    private static Task<FolderReport> ApplySamplesAsync(IamEmulatorServer server, IIamApi iam) =>
        FolderReconciliation.RunAsync("apply", new FolderSettings(CliRun.SamplesFolder, false, false, server.Endpoint, "us-east-1", 10_000, "ci-test"),
            ManifestLoader.LoadDirectory(CliRun.SamplesFolder), iam, "test IAM",
            new FolderProgress(TextWriter.Null, TerminalStyle.Plain), NullLoggerFactory.Instance, TimeProvider.System, default,
            ct => IamPreflight.CheckAsync(iam, server.Endpoint, ct));

    [Fact]
    public async Task Credentials_that_expire_during_an_apply_stop_it_after_the_level_that_met_the_refusal_with_exit_code_4()
    {
        var (server, iam, refusing) = await StartAsync();
        await using var _ = server;
        // From the 10th write on, the session has expired: IAM refuses every call.
        refusing.Refuse = method => server.Statistics.WriteCalls < 10 ? null
            : new IamApiException(IamErrorCode.AuthFailure, "ExpiredToken", "The security token included in the request is expired", null, 403, method.Name);

        var report = await ApplySamplesAsync(server, iam);

        Assert.NotNull(report.Stopped);
        Assert.Equal(ExitCodes.AwsCredentials, report.ExitCode);
        Assert.Contains("session has expired", report.Stopped.Failure.Message);
        // Resources of one level run concurrently, so the refusal may meet several of that level; the run does not
        // go on to the next level to fail every other resource the same way.
        static int Level(string kind) => kind switch { "IamAccountPasswordPolicy" => 0, "IamPolicy" => 1, "IamGroup" => 2, _ => 3 };
        var refused = report.Resources.Where(r => r.Reason == ConditionReasons.AccessDenied).ToList();
        Assert.NotEmpty(refused);
        var level = Assert.Single(refused.Select(r => Level(r.Resource.Kind)).Distinct());
        Assert.DoesNotContain(report.Resources, r => Level(r.Resource.Kind) > level);
        Assert.Equal(20, report.Resources.Count + report.Stopped.NotReconciled);
        Assert.True(report.Stopped.NotReconciled > 0);

        var text = new StringWriter();
        report.WriteText(text);
        Assert.Contains($"Stopped, {report.Stopped.NotReconciled} resource(s) not applied: IAM rejected the AWS credentials because their session has expired", text.ToString());
    }

    [Fact]
    public async Task Access_denied_on_one_resource_while_IAM_still_accepts_the_caller_stays_that_resources_failure()
    {
        var (server, iam, refusing) = await StartAsync();
        await using var _ = server;
        // A permissions boundary or SCP that denies one action on one group: GetAccountSummary still answers.
        refusing.Refuse = method => method.Name == nameof(IIamApi.AttachPolicyAsync) && server.Statistics.CallsOf("AttachGroupPolicy") >= 1
            ? new IamApiException(IamErrorCode.AccessDenied, "AccessDenied", "explicit deny in a permissions boundary", null, 403, "AttachGroupPolicy")
            : null;

        var report = await ApplySamplesAsync(server, iam);

        Assert.Null(report.Stopped);
        Assert.Equal(20, report.Resources.Count);
        Assert.Contains(report.Resources, r => r.Reason == ConditionReasons.AccessDenied);
        Assert.Contains(report.Resources, r => r.IsReady);
        Assert.Equal(ExitCodes.IamFailure, report.ExitCode);
    }
}
