using System.Text.Json.Nodes;
using IamOperator.Resources;

namespace IamOperator.Deploy.Tests;

/// <summary>config/argocd/health.lua against the status documents the operator writes.</summary>
public sealed class ArgoCdHealthTests
{
    private static readonly string Script = RepositoryRoot.ReadText("config", "argocd", "health.lua");

    private static ArgoCdHealth Health(JsonObject resource) => ArgoCdHealthCheck.Run(Script, resource);

    [Fact]
    public void Ready_at_the_current_generation_is_Healthy()
    {
        var health = Health(StatusDocuments.UserWithReason(ConditionReasons.Reconciled, "user alice matches its spec"));

        Assert.Equal(new ArgoCdHealth("Healthy", "Reconciled: user alice matches its spec"), health);
    }

    [Fact]
    public void Reconciling_is_Progressing_with_its_reason()
    {
        var health = Health(StatusDocuments.UserWithReason(ConditionReasons.WaitingForDependency, "IamGroup developers does not exist yet"));

        Assert.Equal(new ArgoCdHealth("Progressing", "WaitingForDependency: IamGroup developers does not exist yet"), health);
    }

    [Fact]
    public void Stalled_is_Degraded_with_its_reason_and_message()
    {
        var health = Health(StatusDocuments.UserWithReason(ConditionReasons.GuardrailViolation, "spec.permissions.inlinePolicies[0] allows * on *"));

        Assert.Equal(new ArgoCdHealth("Degraded", "GuardrailViolation: spec.permissions.inlinePolicies[0] allows * on *"), health);
    }

    [Fact]
    public void Ready_from_an_older_generation_is_Progressing_until_the_operator_catches_up()
    {
        var resource = StatusDocuments.User(generation: 4, observedGeneration: 3, StatusDocuments.ConditionsFor(ConditionReasons.Reconciled, 3, "ok"));

        var health = Health(resource);

        Assert.Equal("Progressing", health.Status);
        Assert.Contains("generation 4", health.Message);
    }

    [Fact]
    public void Stalled_from_an_older_generation_is_Progressing_because_the_new_spec_may_fix_it()
    {
        var resource = StatusDocuments.User(generation: 4, observedGeneration: 3, StatusDocuments.ConditionsFor(ConditionReasons.InvalidSpec, 3, "bad path"));

        Assert.Equal("Progressing", Health(resource).Status);
    }

    [Fact]
    public void Deleting_is_Progressing_even_when_it_was_Ready()
    {
        var resource = StatusDocuments.User(3, 3, StatusDocuments.ConditionsFor(ConditionReasons.Reconciled, 3, "ok"), deletionTimestamp: new DateTime(2026, 11, 28, 1, 5, 0, DateTimeKind.Utc));

        var health = Health(resource);

        Assert.Equal("Progressing", health.Status);
        Assert.StartsWith("Deleting", health.Message);
    }

    [Fact]
    public void Deleting_reports_the_cleanup_in_progress()
    {
        var resource = StatusDocuments.User(3, 3, StatusDocuments.ConditionsFor(ConditionReasons.Deleting, 3, "removing access keys"), deletionTimestamp: new DateTime(2026, 11, 28, 1, 5, 0, DateTimeKind.Utc));

        Assert.Equal(new ArgoCdHealth("Progressing", "Deleting: Deleting: removing access keys"), Health(resource));
    }

    [Fact]
    public void A_new_resource_without_status_is_Progressing()
    {
        var health = Health(StatusDocuments.User(generation: 1, observedGeneration: null, conditions: null));

        Assert.Equal("Progressing", health.Status);
    }

    [Fact]
    public void A_new_resource_as_the_apiserver_serves_it_with_the_CRD_status_default_is_Progressing()
    {
        var resource = StatusDocuments.User(generation: 1, observedGeneration: null, conditions: null);
        resource["status"] = new JsonObject { ["observedGeneration"] = 0 };

        Assert.Equal("Progressing", Health(resource).Status);
    }

    [Fact]
    public void Ready_False_without_Reconciling_or_Stalled_is_Progressing()
    {
        var resource = StatusDocuments.User(2, 2, [new() { Type = ConditionTypes.Ready, Status = "False", Reason = "Creating", Message = "waiting", ObservedGeneration = 2, LastTransitionTime = DateTime.UnixEpoch }]);

        Assert.Equal(new ArgoCdHealth("Progressing", "Creating: waiting"), Health(resource));
    }

    [Theory]
    [MemberData(nameof(ReasonCatalog.All), MemberType = typeof(ReasonCatalog))]
    public void Every_condition_reason_maps_to_the_health_of_its_condition(string reason)
    {
        var expected = ReasonCatalog.Categories[reason] switch
        {
            ReasonCategory.Ready => "Healthy",
            ReasonCategory.Reconciling => "Progressing",
            _ => "Degraded",
        };

        Assert.Equal(expected, Health(StatusDocuments.UserWithReason(reason)).Status);
    }

    [Fact]
    public void The_argocd_cm_snippet_installs_health_lua_for_each_of_the_four_kinds()
    {
        var configMap = YamlDocuments.Parse(RepositoryRoot.ReadText("config", "argocd", "argocd-cm.yaml")).Single();
        var data = configMap["data"]!.AsObject();

        Assert.Equal("argocd-cm", (string?)configMap["metadata"]!["name"]);
        Assert.Equal(
            ["IamGroup", "IamPolicy", "IamServiceRole", "IamUser"],
            data.Select(p => p.Key.Replace("resource.customizations.health.iamoperator.dev_", "")).Order());
        Assert.All(data, entry => Assert.Equal(Script, (string?)entry.Value));
    }
}
