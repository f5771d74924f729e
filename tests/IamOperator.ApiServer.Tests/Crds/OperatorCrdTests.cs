using System.Text.Json.Nodes;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Deploy.Tests;
using k8s;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>
/// The operator's CRDs as the real apiserver judges them: they install, the samples pass, and every
/// OpenAPI and CEL rule refuses a value that breaks it and accepts one that keeps it.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class OperatorCrdTests(RealApiServerFixture fixture) : IAsyncLifetime
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
    private IKubernetes? client;

    private CustomResourceWriter Writer => new(client!);

    public async Task InitializeAsync()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.OperatorCrds, timeout.Token);
        client = fixture.Server.CreateClient();
    }

    public Task DisposeAsync()
    {
        client?.Dispose();
        timeout.Dispose();
        return Task.CompletedTask;
    }

    [RealApiServerFact]
    public async Task Every_CRD_in_config_crd_installs_and_becomes_Established()
    {
        var installed = await fixture.Server.InstallCrdsAsync(TestPaths.OperatorCrds, timeout.Token);

        Assert.Equal(
            OperatorCrds.Crds.Select(c => (string)c["metadata"]!["name"]!).Order(),
            installed.Select(c => c.Metadata.Name).Order());
        Assert.All(installed, crd => Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True"));
    }

    [RealApiServerFact]
    public void Every_kind_has_a_sample_to_start_the_rule_examples_from()
    {
        Assert.All(OperatorCrds.Crds, crd => OperatorCrds.SampleOf((string)crd["spec"]!["names"]!["plural"]!));
    }

    [RealApiServerTheory]
    [MemberData(nameof(OperatorCrds.SampleIds), MemberType = typeof(OperatorCrds))]
    public async Task A_new_resource_is_served_with_observedGeneration_0_so_kstatus_calls_it_InProgress_until_the_operator_acts(string sample)
    {
        var resource = OperatorCrds.Sample(sample);
        resource["metadata"]!["name"] = $"new-{Guid.NewGuid():N}"[..20];
        resource["status"] = new JsonObject { ["observedGeneration"] = 1 };
        var crd = OperatorCrds.KindOf((string?)resource["kind"])!;
        Assert.Null(await Writer.CreateAsync(crd, resource, dryRun: false, timeout.Token));

        var served = await Writer.GetAsync(crd, (string?)resource["metadata"]!["namespace"] ?? "default", (string)resource["metadata"]!["name"]!, timeout.Token);
        // Gone again: the operator tests on this shared server watch the cluster-scoped kind cluster-wide, and a stray
        // IamAccountPasswordPolicy would be a second declaration for their account.
        await Writer.DeleteAsync(crd, (string?)resource["metadata"]!["namespace"] ?? "default", (string)resource["metadata"]!["name"]!, timeout.Token);

        // The status sent with the create is dropped (status subresource); the CRD's default fills the gap.
        Assert.Equal(1, (long?)served["metadata"]?["generation"]);
        Assert.Equal("""{"observedGeneration":0}""", served["status"]?.ToJsonString());
        Assert.Equal(KStatusValue.InProgress, KStatus.Compute(served).Status);
    }

    [RealApiServerTheory]
    [MemberData(nameof(OperatorCrds.SampleIds), MemberType = typeof(OperatorCrds))]
    public async Task Sample_is_accepted(string sample)
    {
        var resource = OperatorCrds.Sample(sample);

        var refusal = await Writer.CreateAsync(OperatorCrds.KindOf((string?)resource["kind"])!, resource, dryRun: true, timeout.Token);

        Assert.Null(refusal);
    }

    [RealApiServerTheory]
    [MemberData(nameof(OperatorCrds.ConstraintIds), MemberType = typeof(OperatorCrds))]
    public async Task OpenAPI_rule_refuses_a_value_that_breaks_it(string rule)
    {
        var constraint = OperatorCrds.Constraints[rule];
        var resource = OperatorCrds.SampleFor(constraint.Resource, constraint.Path);
        constraint.Path.Set(resource, constraint.BadValue());

        var refusal = await Writer.CreateAsync(OperatorCrds.CrdOf(constraint.Resource), resource, dryRun: true, timeout.Token);

        Assert.True(
            refusal is not null && refusal.StartsWith("422 Invalid", StringComparison.Ordinal)
            && refusal.Contains(constraint.ErrorField, StringComparison.Ordinal) && refusal.Contains(constraint.ExpectedError, StringComparison.Ordinal),
            $"expected a refusal naming {constraint.ErrorField} with '{constraint.ExpectedError}', got: {refusal ?? "accepted"}");
    }

    [RealApiServerTheory]
    [MemberData(nameof(OperatorCrds.ConstraintsWithEdgesIds), MemberType = typeof(OperatorCrds))]
    public async Task OpenAPI_rule_accepts_the_values_at_its_edge(string rule)
    {
        var constraint = OperatorCrds.Constraints[rule];
        foreach (var value in constraint.GoodValues())
        {
            var resource = OperatorCrds.SampleFor(constraint.Resource, constraint.Path);
            constraint.Path.Set(resource, value);
            OperatorCrds.WithRequiredFields(constraint.Resource, resource);

            var refusal = await Writer.CreateAsync(OperatorCrds.CrdOf(constraint.Resource), resource, dryRun: true, timeout.Token);

            Assert.True(refusal is null, $"{constraint.Path} = {value?.ToJsonString()} was refused: {refusal}");
        }
    }

    [RealApiServerTheory]
    [MemberData(nameof(OperatorCrds.CelRuleIds), MemberType = typeof(OperatorCrds))]
    public async Task CEL_rule_refuses_a_bad_example_and_accepts_a_good_one(string id)
    {
        var rule = OperatorCrds.CelRules[id];
        var crd = OperatorCrds.CrdOf(rule.Resource);
        var example = CelRuleCase.For(rule);
        var resource = OperatorCrds.SampleOf(rule.Resource);
        example.Prepare(resource);

        string? badRefusal, goodRefusal;
        if (rule.IsTransitionRule)
        {
            // Transition rules judge an update against the stored object: store it, then try both updates.
            resource["metadata"]!["name"] = $"cel-{Guid.NewGuid():N}"[..20];
            Assert.Null(await Writer.CreateAsync(crd, resource, dryRun: false, timeout.Token));
            var stored = await Writer.GetAsync(crd, (string)resource["metadata"]!["namespace"]!, (string)resource["metadata"]!["name"]!, timeout.Token);
            var bad = stored.DeepClone().AsObject();
            example.Bad(bad);
            var good = stored.DeepClone().AsObject();
            example.Good(good);
            badRefusal = await Writer.ReplaceDryRunAsync(crd, bad, timeout.Token);
            goodRefusal = await Writer.ReplaceDryRunAsync(crd, good, timeout.Token);
        }
        else
        {
            var bad = resource.DeepClone().AsObject();
            example.Bad(bad);
            OperatorCrds.WithRequiredFields(rule.Resource, bad);
            var good = resource.DeepClone().AsObject();
            example.Good(good);
            OperatorCrds.WithRequiredFields(rule.Resource, good);
            badRefusal = await Writer.CreateAsync(crd, bad, dryRun: true, timeout.Token);
            goodRefusal = await Writer.CreateAsync(crd, good, dryRun: true, timeout.Token);
        }

        Assert.True(badRefusal?.Contains(rule.Message, StringComparison.Ordinal) == true,
            $"expected a refusal with '{rule.Message}', got: {badRefusal ?? "accepted"}");
        Assert.True(goodRefusal is null, $"the good example was refused: {goodRefusal}");
    }
}
