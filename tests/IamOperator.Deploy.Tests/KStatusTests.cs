using IamOperator.Resources;

namespace IamOperator.Deploy.Tests;

/// <summary>Flux / kstatus reach Current on our status documents with no extra configuration.</summary>
public sealed class KStatusTests
{
    [Fact]
    public void Ready_at_the_current_generation_is_Current()
    {
        var result = KStatus.Compute(StatusDocuments.UserWithReason(ConditionReasons.Reconciled));

        Assert.Equal(KStatusValue.Current, result.Status);
    }

    [Theory]
    [MemberData(nameof(ReasonCatalog.All), MemberType = typeof(ReasonCatalog))]
    public void Every_condition_reason_gives_the_kstatus_of_its_condition(string reason)
    {
        var expected = ReasonCatalog.Categories[reason] switch
        {
            ReasonCategory.Ready => KStatusValue.Current,
            ReasonCategory.Reconciling => KStatusValue.InProgress,
            _ => KStatusValue.Failed,
        };

        var result = KStatus.Compute(StatusDocuments.UserWithReason(reason, $"because {reason}"));

        Assert.Equal(expected, result.Status);
        if (expected != KStatusValue.Current)
        {
            Assert.Equal($"because {reason}", result.Message);
        }
    }

    [Fact]
    public void An_older_observed_generation_is_InProgress_even_when_Ready()
    {
        var resource = StatusDocuments.User(5, 4, StatusDocuments.ConditionsFor(ConditionReasons.Reconciled, 4, "ok"));

        var result = KStatus.Compute(resource);

        Assert.Equal(KStatusValue.InProgress, result.Status);
        Assert.Equal("IamUser generation is 5, but latest observed generation is 4", result.Message);
    }

    [Fact]
    public void A_resource_being_deleted_is_Terminating()
    {
        var resource = StatusDocuments.User(3, 3, StatusDocuments.ConditionsFor(ConditionReasons.Deleting, 3, "cleanup"), deletionTimestamp: DateTime.UnixEpoch.AddYears(56));

        Assert.Equal(KStatusValue.Terminating, KStatus.Compute(resource).Status);
    }

    [Fact]
    public void A_resource_without_status_counts_as_Current()
    {
        // kstatus's rule, pinned because it is a trap: a new resource without any status would look Current to
        // Flux before the operator's first status write. The CRDs therefore default status to
        // observedGeneration 0 (next test; OperatorCrdTests shows the real apiserver serving it).
        var result = KStatus.Compute(StatusDocuments.User(generation: 1, observedGeneration: null, conditions: null));

        Assert.Equal(KStatusValue.Current, result.Status);
    }

    [Theory]
    [InlineData("iamoperator.dev_iamgroups.yaml")]
    [InlineData("iamoperator.dev_iamusers.yaml")]
    [InlineData("iamoperator.dev_iamserviceroles.yaml")]
    [InlineData("iamoperator.dev_iampolicies.yaml")]
    public void A_new_resource_with_the_CRD_status_default_is_InProgress(string crdFile)
    {
        var crd = YamlDocuments.Parse(RepositoryRoot.ReadText("config", "crd", crdFile)).Single();
        var statusDefault = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!["default"];
        var resource = StatusDocuments.User(generation: 1, observedGeneration: null, conditions: null);
        resource["status"] = statusDefault?.DeepClone();

        var result = KStatus.Compute(resource);

        Assert.Equal(KStatusValue.InProgress, result.Status);
        Assert.Equal("IamUser generation is 1, but latest observed generation is 0", result.Message);
    }

    [Fact]
    public void Every_declared_condition_reason_has_a_category()
    {
        Assert.Equal(ReasonCatalog.Declared.Order(), ReasonCatalog.Categories.Keys.Order());
    }
}
