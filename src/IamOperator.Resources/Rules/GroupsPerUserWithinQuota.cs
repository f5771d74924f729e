using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>IAM puts a user in at most 10 groups, counting groups by reference and by name together (IAM quotas).</summary>
public sealed class GroupsPerUserWithinQuota : CrossFieldRule
{
    public const int MaxGroups = 10;

    public override string Cel =>
        $"(has(self.groupRefs) ? size(self.groupRefs) : 0) + (has(self.groupNames) ? size(self.groupNames) : 0) <= {MaxGroups}";

    public override string Message => $"a user can be in at most {MaxGroups} IAM groups: groupRefs and groupNames together";

    public override bool IsSatisfiedBy(JsonElement self) => Json.Count(self, "groupRefs") + Json.Count(self, "groupNames") <= MaxGroups;
}
