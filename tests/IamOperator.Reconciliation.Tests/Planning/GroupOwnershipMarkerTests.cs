using IamOperator.Reconciliation.Planning;

namespace IamOperator.Reconciliation.Tests.Planning;

public class GroupOwnershipMarkerTests
{
    [Fact]
    public void Marker_reads_back_its_owner() =>
        Assert.Equal("c/ns/n", GroupOwnershipMarker.ReadOwner(GroupOwnershipMarker.Document("c/ns/n")));

    [Fact]
    public void Marker_survives_IAM_reordering_and_one_element_arrays()
    {
        const string reordered = """{"Statement":{"Condition":{"StringEquals":{"iamoperator:owner":["c/ns/n"]}},"Resource":"*","Action":"iam:*","Effect":"Deny"},"Version":"2012-10-17"}""";
        Assert.Equal("c/ns/n", GroupOwnershipMarker.ReadOwner(reordered));
    }

    [Fact]
    public void Marker_statement_denies_only_under_a_condition_no_request_carries()
    {
        using var json = System.Text.Json.JsonDocument.Parse(GroupOwnershipMarker.Document("c/ns/n"));
        var statement = json.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        Assert.True(statement.GetProperty("Condition").GetProperty("StringEquals").TryGetProperty(GroupOwnershipMarker.ConditionKey, out _));
    }

    [Fact]
    public void Text_that_is_not_a_marker_has_no_owner() => Assert.Null(GroupOwnershipMarker.ReadOwner("not json"));
}
