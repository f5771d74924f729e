using IamOperator.Iam;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Access;

public class AccessCheckSimulationTests
{
    private static DesiredAccessCheck Check(int index, string action, string resource = "*", params DesiredAccessContextEntry[] context) =>
        new(index, action, resource, context, AccessExpectation.Allowed);

    [Fact]
    public void Checks_under_the_same_context_share_one_simulator_call_with_all_their_actions_and_resources()
    {
        var region = new DesiredAccessContextEntry("aws:RequestedRegion", SimulationContextKeyType.String, ["eu-west-1"]);
        var sameRegion = region with { Key = "AWS:requestedregion" };
        var requests = AccessCheckSimulation.Requests([
            Check(0, "s3:GetObject", "arn:aws:s3:::reports/a"), Check(1, "s3:PutObject", "arn:aws:s3:::reports/a"), Check(2, "s3:ListAllMyBuckets"),
            Check(3, "ec2:RunInstances", "*", region), Check(4, "ec2:StartInstances", "*", sameRegion),
            Check(5, "ec2:RunInstances", "*", region with { Values = ["us-east-1"] }),
        ]);

        Assert.Equal(3, requests.Count);
        Assert.Equal(["s3:GetObject", "s3:PutObject", "s3:ListAllMyBuckets"], requests[0].Request.ActionNames);
        Assert.Equal(["arn:aws:s3:::reports/a", "*"], requests[0].Request.ResourceArns!);
        Assert.Empty(requests[0].Request.ContextEntries!);
        Assert.Equal([3, 4], requests[1].Checks.Select(c => c.Index));
        Assert.Equal([5], requests[2].Checks.Select(c => c.Index));
    }
}
