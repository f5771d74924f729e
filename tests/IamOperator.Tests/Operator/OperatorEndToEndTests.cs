using System.Diagnostics;
using System.Text.Json;
using IamOperator.Controllers.InMemory;
using IamOperator.Iam;
using IamOperator.Resources;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using IamOperator.Resources.Manifests;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The controller end to end: resources applied to the (in-memory) Kubernetes API, the operator reconciling them
/// into the IAM emulator over HTTP, and status, events and IAM checked the way a platform engineer would.
/// </summary>
public sealed class OperatorEndToEndTests
{
    private const string Ns = "iam-team";

    [Fact]
    public async Task Every_sample_reaches_Ready_with_observedGeneration_equal_to_generation()
    {
        await using var op = await OperatorHarness.StartAsync();
        var applied = await op.ApplySamplesAsync();

        await OperatorHarness.WaitUntilAsync(async () => (await op.NotReadyAsync(applied)).Count == 0, "every sample is Ready",
            explain: async () => string.Join("; ", await op.NotReadyAsync(applied)));

        Assert.Contains((await op.Iam.ListAttachedPoliciesAsync(IamPrincipal.Group("DevOps"), default)),
            p => p.PolicyArn == "arn:aws:iam::aws:policy/AdministratorAccess");
        Assert.Contains((await op.Iam.GetGroupMembersAsync("Developers", default)), u => u.UserName == "alice.johnson");
        var devops = await op.GetAsync<IamGroup>(Ns, "devops");
        Assert.Contains(devops!.Status!.Warnings ?? [], w => w.Contains("AdministratorAccess", StringComparison.Ordinal));
        Assert.NotNull(devops.Status.LastSyncTime);
        Assert.StartsWith("arn:aws:iam::", devops.Status.Arn);
    }

    [Fact]
    public async Task A_spec_change_is_followed_and_the_status_reports_the_new_generation()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.ApplySamplesAsync();
        await WaitReadyAsync<IamGroup>(op, "readonly");

        var group = (await op.GetAsync<IamGroup>(Ns, "readonly"))!;
        group.Spec.Permissions!.ManagedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"];
        var replaced = await op.Kubernetes.ReplaceAsync(OperatorHarness.KindOf<IamGroup>(), group, default);
        Assert.True(replaced.Metadata.Generation > group.Metadata.Generation);

        await OperatorHarness.WaitUntilAsync(async () =>
            OperatorHarness.IsReady(await op.GetAsync<IamGroup>(Ns, "readonly"))
            && (await op.Iam.ListAttachedPoliciesAsync(IamPrincipal.Group("ReadOnly"), default)).Count == 2,
            "the ReadOnly group has both policies and its status caught up with the new generation");
    }

    [Fact]
    public async Task An_out_of_band_change_in_IAM_is_found_by_the_drift_scan_and_corrected()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.ApplySamplesAsync();
        await WaitReadyAsync<IamGroup>(op, "developers");

        // Someone detaches the policy in the console.
        await op.Iam.DetachPolicyAsync(IamPrincipal.Group("Developers"), "arn:aws:iam::aws:policy/PowerUserAccess", default);
        await OperatorHarness.WaitUntilAsync(async () => (await op.NotReadyAsync(ManifestSamples())).Count == 0, "everything settled",
            explain: async () => string.Join("; ", await op.NotReadyAsync(ManifestSamples())));

        var drifted = await op.Runtime.DriftScanner.ScanOnceAsync(default);

        Assert.Equal(1, drifted);
        await OperatorHarness.WaitUntilAsync(async () =>
            (await op.Iam.ListAttachedPoliciesAsync(IamPrincipal.Group("Developers"), default)).Any(p => p.PolicyArn.EndsWith("/PowerUserAccess", StringComparison.Ordinal)),
            "the drift is corrected");
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(((InMemoryKubernetesApi)op.Kubernetes).Events.Any(e => e.Reason == "DriftCorrected" && e.Regarding.Name == "developers")),
            "a DriftCorrected event is recorded on the group");
    }

    [Fact]
    public async Task A_steady_state_drift_scan_reads_the_account_in_one_call_and_enqueues_nothing()
    {
        await using var op = await OperatorHarness.StartAsync();
        var applied = await op.ApplySamplesAsync();
        await OperatorHarness.WaitUntilAsync(async () => (await op.NotReadyAsync(applied)).Count == 0, "every sample is Ready",
            explain: async () => string.Join("; ", await op.NotReadyAsync(applied)));
        // Ready is written before the dependency wake-ups it causes have run: let every controller settle first.
        var runtime = op.Runtime;
        await OperatorHarness.WaitUntilAsync(
            () => Task.FromResult(runtime.Policies.IsIdle && runtime.Groups.IsIdle && runtime.Users.IsIdle && runtime.ServiceRoles.IsIdle
                && runtime.AccountPasswordPolicies.IsIdle),
            "every controller is idle");
        op.Emulator.Statistics.Reset();

        var drifted = await op.Runtime.DriftScanner.ScanOnceAsync(default);

        Assert.Equal(0, drifted);
        Assert.Equal(1, op.Emulator.Statistics.TotalCalls);
        Assert.Equal(1, op.Emulator.Statistics.CallsOf("GetAccountAuthorizationDetails"));
    }

    [Fact]
    public async Task Deleting_a_user_removes_it_from_IAM_after_its_prerequisites_and_releases_the_finalizer()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.ApplySamplesAsync();
        await WaitReadyAsync<IamUser>(op, "bob.smith");
        Assert.Contains("iamoperator.dev/cleanup", (await op.GetAsync<IamUser>(Ns, "bob.smith"))!.Metadata.Finalizers);
        // A prerequisite IAM enforces: an access key must go before the user.
        await op.Iam.CreateAccessKeyAsync("bob.smith", default);

        await op.Kubernetes.DeleteAsync(OperatorHarness.KindOf<IamUser>(), Ns, "bob.smith", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAsync<IamUser>(Ns, "bob.smith") is null, "the resource is gone (finalizer released)");
        var error = await Assert.ThrowsAsync<IamApiException>(() => op.Iam.GetUserAsync("bob.smith", default));
        Assert.Equal(IamErrorCode.NoSuchEntity, error.ErrorCode);
        Assert.DoesNotContain(await op.Iam.GetGroupMembersAsync("Developers", default), u => u.UserName == "bob.smith");
    }

    [Fact]
    public async Task Deleting_a_user_also_removes_credentials_added_outside_the_operator_and_leaves_no_virtual_MFA_device()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.ApplySamplesAsync();
        await WaitReadyAsync<IamUser>(op, "bob.smith");
        // Bob sets up what people do for themselves and the operator never manages: Git over SSH and HTTPS,
        // a signing certificate, and MFA on a virtual device. IAM refuses DeleteUser while any of them remains.
        using var bob = new OutOfBandIam(op.Emulator);
        await bob.UploadSshPublicKeyAsync("bob.smith");
        await bob.UploadSigningCertificateAsync("bob.smith");
        await bob.CreateServiceSpecificCredentialAsync("bob.smith");
        await bob.EnableVirtualMfaDeviceAsync("bob.smith");

        await op.Kubernetes.DeleteAsync(OperatorHarness.KindOf<IamUser>(), Ns, "bob.smith", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAsync<IamUser>(Ns, "bob.smith") is null, "the resource is gone (finalizer released)",
            explain: async () => OperatorHarness.Condition(await op.GetAsync<IamUser>(Ns, "bob.smith"), ConditionTypes.Reconciling)?.Message ?? "");
        var error = await Assert.ThrowsAsync<IamApiException>(() => op.Iam.GetUserAsync("bob.smith", default));
        Assert.Equal(IamErrorCode.NoSuchEntity, error.ErrorCode);
        Assert.Empty(await bob.VirtualMfaDevicesAsync());
    }

    [Fact]
    public async Task A_resource_breaking_a_guardrail_is_Stalled_without_IAM_writes_while_the_others_become_Ready()
    {
        await using var op = await OperatorHarness.StartAsync();
        var bad = new IamPolicy { Metadata = new() { Name = "allow-everything", NamespaceProperty = Ns } };
        bad.Spec.Document = JsonDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""").RootElement.Clone();
        await op.CreateAsync(bad);
        var applied = await op.ApplySamplesAsync();

        await OperatorHarness.WaitUntilAsync(async () => (await op.NotReadyAsync(applied)).Count == 0, "every sample is Ready",
            explain: async () => string.Join("; ", await op.NotReadyAsync(applied)));
        await OperatorHarness.WaitUntilAsync(async () =>
            OperatorHarness.Condition(await op.GetAsync<IamPolicy>(Ns, "allow-everything"), ConditionTypes.Stalled)?.Status == "True",
            "the bad policy is Stalled");
        var stalled = OperatorHarness.Condition(await op.GetAsync<IamPolicy>(Ns, "allow-everything"), ConditionTypes.Stalled)!;
        Assert.Equal(ConditionReasons.GuardrailViolation, stalled.Reason);
        Assert.Contains("spec.document", stalled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await op.Iam.ListPoliciesAsync(PolicyScope.Local, false, null, default), p => p.PolicyName == "allow-everything");
    }

    [Fact]
    public async Task Every_reconcile_is_an_exported_root_span_with_the_IAM_calls_as_children_and_feeds_the_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("IamOperator.Controllers", "IamOperator.Iam").AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter("IamOperator.Controllers", "IamOperator.Iam").AddInMemoryExporter(metrics).Build();
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(new IamGroup { Metadata = new() { Name = "auditors", NamespaceProperty = Ns } });

        await WaitReadyAsync<IamGroup>(op, "auditors");
        tracing.ForceFlush();
        meters.ForceFlush();

        Activity[] exported;
        lock (spans) exported = [.. spans];
        var root = exported.First(s => s.Source.Name == "IamOperator.Controllers"
            && (string?)s.GetTagItem("k8s.resource.name") == "auditors" && Convert.ToInt32(s.GetTagItem("iamoperator.iam_writes"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal("IamGroup", root.GetTagItem("k8s.resource.kind"));
        var children = exported.Where(s => s.Source.Name == "IamOperator.Iam" && s.TraceId == root.TraceId).ToList();
        Assert.Contains(children, c => c.DisplayName == "CreateGroup" && (string?)c.GetTagItem("rpc.service") == "IAM");
        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("iamoperator.reconciles", names);
        Assert.Contains("iamoperator.reconcile.duration", names);
        Assert.Contains("iamoperator.iam.calls", names);
    }

    private static Task WaitReadyAsync<T>(OperatorHarness op, string name) where T : class, IIamResource =>
        OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<T>(Ns, name)), $"{typeof(T).Name} {name} is Ready");

    private static IReadOnlyList<IIamResource> ManifestSamples() => ManifestLoader.LoadDirectory(OperatorHarness.SamplesFolder).Resources;
}
