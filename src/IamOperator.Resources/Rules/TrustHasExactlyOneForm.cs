using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>A role's trust is given one way only, so there is never a question which one wins.</summary>
public sealed class TrustHasExactlyOneForm : CrossFieldRule
{
    public override string Cel =>
        "(has(self.services) ? 1 : 0) + (has(self.serviceAccounts) ? 1 : 0) + (has(self.document) ? 1 : 0) == 1";

    public override string Message => "exactly one of trust.services, trust.serviceAccounts or trust.document must be set";

    public override bool IsSatisfiedBy(JsonElement self) =>
        new[] { "services", "serviceAccounts", "document" }.Count(f => Json.Has(self, f)) == 1;
}
