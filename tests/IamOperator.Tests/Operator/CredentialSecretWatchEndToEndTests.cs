using System.Collections.Concurrent;
using System.Diagnostics;
using IamOperator.Controllers;
using IamOperator.Reconciliation.Credentials;
using IamOperator.Resources;
using k8s.Models;

namespace IamOperator.Tests.Operator;

/// <summary>The running operator watches the IamUsers' credential Secrets: a Secret deleted by hand wakes its IamUser.</summary>
public sealed class CredentialSecretWatchEndToEndTests
{
    [Fact]
    public async Task Deleting_an_IamUsers_credential_Secret_by_hand_reconciles_the_IamUser_at_once()
    {
        var ns = $"creds-{Guid.NewGuid():N}"[..24];
        var reconciles = new ConcurrentQueue<string?>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ControllerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem(ControllerTelemetry.NamespaceAttribute) as string == ns && a.GetTagItem(ControllerTelemetry.NameAttribute) as string == "ci")
                {
                    reconciles.Enqueue(a.GetTagItem(ControllerTelemetry.TriggerAttribute) as string);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(new IamUser { Metadata = new V1ObjectMeta { Name = "ci", NamespaceProperty = ns }, Spec = new IamUserSpec { RequireMfa = false } });
        await OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<IamUser>(ns, "ci")), "the IamUser is Ready");
        var user = (await op.GetAsync<IamUser>(ns, "ci"))!;
        var secret = new CredentialSecretRef(ns, "ci-keys", new CredentialSecretOwner(user.ApiVersion, user.Kind, "ci", user.Metadata.Uid));
        await op.Runtime.CredentialSecrets.WriteAsync(secret, new CredentialSecretData(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE" }), default);
        await OperatorHarness.WaitUntilAsync(
            () => Task.FromResult(op.Runtime.OwnedSecrets.Informer.Get(ns, "ci-keys") is not null && op.Runtime.Users.IsIdle),
            "the operator has seen the Secret and is idle");
        var before = reconciles.Count;

        await op.Kubernetes.DeleteSecretAsync(ns, "ci-keys", null, default);

        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(reconciles.Count > before), "the IamUser's reconcile after its Secret was deleted");
        Assert.Equal("watch", reconciles.Last());
    }
}
