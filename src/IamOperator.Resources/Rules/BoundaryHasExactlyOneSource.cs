using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>A permissions boundary is one managed policy: by ARN or by IamPolicy reference, not both.</summary>
public sealed class BoundaryHasExactlyOneSource : CrossFieldRule
{
    public override string Cel => "has(self.policyArn) != has(self.policyRef)";

    public override string Message => "exactly one of permissionsBoundary.policyArn or permissionsBoundary.policyRef must be set";

    public override bool IsSatisfiedBy(JsonElement self) => Json.Has(self, "policyArn") != Json.Has(self, "policyRef");
}
