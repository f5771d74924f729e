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
    public void A_resource_without_status_counts_as_Current_so_the_operator_must_write_status_promptly()
    {
        // kstatus's rule, pinned because it is a trap: before the operator's first status write, a
        // new resource looks Current to Flux. docs/runbook.md tells Flux users to rely on Ready.
        var result = KStatus.Compute(StatusDocuments.User(generation: 1, observedGeneration: null, conditions: null));

        Assert.Equal(KStatusValue.Current, result.Status);
    }

    [Fact]
    public void Every_declared_condition_reason_has_a_category()
    {
        Assert.Equal(ReasonCatalog.Declared.Order(), ReasonCatalog.Categories.Keys.Order());
    }
}
