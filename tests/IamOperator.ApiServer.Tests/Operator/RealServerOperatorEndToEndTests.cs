using System.Text.Json;
using System.Text.Json.Nodes;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;
using IamOperator.Tests.Operator;

namespace IamOperator.ApiServer.Tests.Operator;

/// <summary>
/// The operator end to end against the real CRD API server (the generated CRDs, real watches, conflicts, status
/// subresource, finalizers, Leases) and the IAM emulator over HTTP. Events are not served here: recording them must
/// never fail a reconcile.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class RealServerOperatorEndToEndTests(RealApiServerFixture fixture)
{
    [RealApiServerFact]
    public async Task Samples_converge_a_spec_change_is_followed_drift_is_corrected_a_bad_resource_stalls_and_deletion_cleans_up()
    {
        var server = fixture.Server;
        await server.InstallCrdsAsync(TestPaths.OperatorCrds);
        await server.InstallCrdsAsync(TestPaths.TestCrds); // the Lease-shaped CRD for leader election
        using var client = server.CreateClient();
        var ns = $"e2e-{Guid.NewGuid():N}"[..20];
        await using var op = await OperatorHarness.StartAsync(new KubernetesClientApi(client), o =>
        {
            // The server is shared with the CRD tests, whose objects live in other namespaces: watch only ours.
            o.Controller.Namespaces = [ns];
            o.LeaderElection.Enabled = true;
            o.LeaderElection.LeaseNamespace = ns;
        });

        // The samples, in a namespace of this test's own; the cluster-scoped IamAccountPasswordPolicy in none, watched
        // cluster-wide although the operator watches only that namespace.
        // Users with credentials need Secrets, which this CRD-only apiserver does not serve (no core API): the in-memory
        // API's end-to-end tests cover them (CredentialSecretEndToEndTests).
        var samples = ManifestLoader.LoadDirectory(OperatorHarness.SamplesFolder).Resources
            .Where(r => r is not IamUser { Spec.AccessKey: not null } and not IamUser { Spec.ConsoleAccess: not null })
            .ToList();
        var passwordPolicy = Assert.Single(samples.OfType<IamAccountPasswordPolicy>());
        try
        {
            foreach (var resource in samples)
            {
                if (resource is not IamAccountPasswordPolicy)
                {
                    resource.Metadata.NamespaceProperty = ns;
                }

                await op.CreateAsync(resource);
            }
            var bad = new IamPolicy { Metadata = new() { Name = "allow-everything", NamespaceProperty = ns } };
            bad.Spec.Document = JsonDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""").RootElement.Clone();
            await op.CreateAsync(bad);

            await OperatorHarness.WaitUntilAsync(async () => (await op.NotReadyAsync(samples)).Count == 0, "every sample is Ready",
                TimeSpan.FromSeconds(120), async () => string.Join("; ", await op.NotReadyAsync(samples)));
            var stalled = OperatorHarness.Condition(await op.GetAsync<IamPolicy>(ns, "allow-everything"), ConditionTypes.Stalled);
            Assert.Equal("True", stalled?.Status);
            Assert.Equal(ConditionReasons.GuardrailViolation, stalled?.Reason);
            Assert.True(op.Runtime.Controllers.IsLeader);
            Assert.Equal(14, (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength);
            Assert.Contains(ControllerOptions.DefaultFinalizer, (await op.GetAccountPasswordPolicyAsync(passwordPolicy.Metadata.Name))!.Metadata.Finalizers);

            // A spec change is followed.
            var group = (await op.GetAsync<IamGroup>(ns, "readonly"))!;
            group.Spec.Permissions!.ManagedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"];
            await op.Kubernetes.ReplaceAsync(IamResourceKinds.Group, group, default);
            await OperatorHarness.WaitUntilAsync(async () =>
                OperatorHarness.IsReady(await op.GetAsync<IamGroup>(ns, "readonly"))
                && (await op.Iam.ListAttachedPoliciesAsync(IamPrincipal.Group("ReadOnly"), default)).Count == 2,
                "the spec change reached IAM and status", TimeSpan.FromSeconds(60));

            // An out-of-band change is corrected by the drift scan.
            await op.Iam.DetachPolicyAsync(IamPrincipal.Group("Developers"), "arn:aws:iam::aws:policy/PowerUserAccess", default);
            Assert.Equal(1, await op.Runtime.DriftScanner.ScanOnceAsync(default));
            await OperatorHarness.WaitUntilAsync(async () =>
                (await op.Iam.ListAttachedPoliciesAsync(IamPrincipal.Group("Developers"), default)).Any(p => p.PolicyArn.EndsWith("/PowerUserAccess", StringComparison.Ordinal)),
                "the drift is corrected", TimeSpan.FromSeconds(60));

            // Deletion removes the IAM entity after its prerequisites and releases the finalizer.
            await op.Kubernetes.DeleteAsync(IamResourceKinds.User, ns, "bob.smith", default);
            await OperatorHarness.WaitUntilAsync(async () => await op.GetAsync<IamUser>(ns, "bob.smith") is null,
                "bob.smith is gone from the API (finalizer released)", TimeSpan.FromSeconds(60));
            var error = await Assert.ThrowsAsync<IamApiException>(() => op.Iam.GetUserAsync("bob.smith", default));
            Assert.Equal(IamErrorCode.NoSuchEntity, error.ErrorCode);

            // The cluster-scoped declaration too (deletionPolicy Delete): the account's policy goes, and no object of this
            // test stays behind in the cluster-wide space the other tests on this server share.
            await op.Kubernetes.DeleteAsync(IamResourceKinds.AccountPasswordPolicy, null, passwordPolicy.Metadata.Name, default);
            await OperatorHarness.WaitUntilAsync(async () => await op.GetAccountPasswordPolicyAsync(passwordPolicy.Metadata.Name) is null,
                "the IamAccountPasswordPolicy is gone from the API (finalizer released)", TimeSpan.FromSeconds(60));
            Assert.Null(await op.Iam.GetAccountPasswordPolicyAsync(default));
        }
        finally
        {
            await RemoveIfLeftAsync(op, passwordPolicy.Metadata.Name);
        }
    }

    /// <summary>
    /// Takes a cluster-scoped object this test left behind (it failed before deleting it) out of the space every test on
    /// the shared server sees, finalizer first: the operator that would release it may be gone.
    /// </summary>
    private static async Task RemoveIfLeftAsync(OperatorHarness op, string name)
    {
        var kind = IamResourceKinds.AccountPasswordPolicy;
        if (await op.Kubernetes.GetAsync<IamAccountPasswordPolicy>(kind, null, name, default) is null)
        {
            return;
        }

        try
        {
            await op.Kubernetes.PatchMetadataAsync<IamAccountPasswordPolicy>(kind, null, name, new JsonObject { ["finalizers"] = null }, null, default);
            await op.Kubernetes.DeleteAsync(kind, null, name, default);
        }
        catch (NotFoundException)
        {
            // Gone meanwhile.
        }
    }
}
