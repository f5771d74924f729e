using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// IAM attaches at most 20 managed policies to a user, group or role (10 by default, raisable to 20; IAM
/// quotas), counting AWS managed ARNs and IamPolicy references together. The account's actual quota is IAM's to enforce.
/// </summary>
public sealed class ManagedPoliciesWithinQuota : CrossFieldRule
{
    public override string Cel =>
        $"(has(self.managedPolicyArns) ? size(self.managedPolicyArns) : 0) + (has(self.policyRefs) ? size(self.policyRefs) : 0) <= {IamLimits.ManagedPoliciesPerEntity}";

    public override string Message => $"at most {IamLimits.ManagedPoliciesPerEntity} managed policies can be attached: managedPolicyArns and policyRefs together";

    public override bool IsSatisfiedBy(JsonElement self) => Json.Count(self, "managedPolicyArns") + Json.Count(self, "policyRefs") <= IamLimits.ManagedPoliciesPerEntity;
}
