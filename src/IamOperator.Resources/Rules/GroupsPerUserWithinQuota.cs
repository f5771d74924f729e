using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>IAM puts a user in at most 10 groups, counting groups by reference and by name together (IAM quotas).</summary>
public sealed class GroupsPerUserWithinQuota : CrossFieldRule
{
    public override string Cel =>
        $"(has(self.groupRefs) ? size(self.groupRefs) : 0) + (has(self.groupNames) ? size(self.groupNames) : 0) <= {IamLimits.GroupsPerUser}";

    public override string Message => $"a user can be in at most {IamLimits.GroupsPerUser} IAM groups: groupRefs and groupNames together";

    public override bool IsSatisfiedBy(JsonElement self) => Json.Count(self, "groupRefs") + Json.Count(self, "groupNames") <= IamLimits.GroupsPerUser;
}
