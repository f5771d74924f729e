using System.Text.Json;
using IamOperator.Reconciliation.Planning;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

public class PlanTests
{
    [Fact]
    public void Summary_counts_writes_and_groups_repeated_operations()
    {
        var plan = Planner.Diff(User() with { GroupNames = ["A", "B", "Developers"] }, ObservedUser());
        Assert.Equal("update: 2 writes: AddUserToGroup×2", plan.Summary());
    }

    [Fact]
    public void Blocked_plan_summarises_its_reason() =>
        Assert.Equal("blocked: AlreadyExists", Planner.Diff(User(), ObservedUser(owner: null)).Summary());

    [Fact]
    public void Plan_serialises_to_json_with_operation_names_and_without_nulls()
    {
        using var json = JsonDocument.Parse(Planner.Diff(Group(), null).ToJson());
        var root = json.RootElement;
        Assert.Equal("Create", root.GetProperty("change").GetString());
        var first = root.GetProperty("actions")[0];
        Assert.Equal("CreateGroup", first.GetProperty("operation").GetString());
        Assert.Equal("Developers", first.GetProperty("target").GetString());
        Assert.False(first.TryGetProperty("document", out _));
        Assert.True(root.GetProperty("actions")[1].GetProperty("boundToPrevious").GetBoolean());
    }

    [Fact]
    public void Describe_prints_a_header_and_one_line_per_action()
    {
        var lines = Planner.Diff(Group(), null).Describe().Split('\n');
        Assert.StartsWith("Group/team/devs (IAM group Developers): create: 4 writes", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Equal("    CreateGroup Developers", lines[1]);
    }
}
