using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using static IamOperator.Reconciliation.Planning.IdentityPlanning;
using static IamOperator.Reconciliation.Planning.OwnershipPlanning;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;
using static IamOperator.Reconciliation.Planning.TagPlanning;

namespace IamOperator.Reconciliation.Planning;

/// <summary>A managed policy's writes: a changed document is a new default version. IAM cannot rename it, move it or change its description.</summary>
internal static class PolicyPlanner
{
    internal static Plan Diff(DesiredPolicy desired, ObservedPolicy? observed)
    {
        var id = desired.Identity;
        var actions = new List<PlannedIamWrite>();
        if (observed is null)
        {
            actions.Add(new PlannedIamWrite(IamOperation.CreatePolicy, id.IamName)
            {
                Path = id.Path, Document = desired.Document, Description = desired.Description, Tags = ToTags(desired.Tags),
            });
            return Created(id, actions, observed);
        }

        if (Ownership(id, observed, "owner tag") is { } blocker) return blocker;
        if (!string.Equals(observed.Name, id.IamName, StringComparison.Ordinal))
            return Immutable(id, "spec.iamName", $"IAM cannot rename a managed policy: '{observed.Name}' stays; declare a new IamPolicy for '{id.IamName}'");
        if (observed.Path != id.Path)
            return Immutable(id, "spec.path", $"IAM cannot change a managed policy's path ('{observed.Path}' → '{id.Path}')");
        if (desired.Description is not null && desired.Description != (observed.Description ?? ""))
            return Immutable(id, "spec.description", $"IAM cannot change a managed policy's description after creation (IAM has \"{observed.Description}\")");

        var arn = observed.Arn;
        if (Claim(actions, IamOperation.TagPolicy, id, observed, observed.Tags, target: arn) is { } full) return full;
        ConvergeTags(actions, IamOperation.TagPolicy, IamOperation.UntagPolicy, arn, desired.Tags, Claimed(observed.Tags, id));
        if (!PolicyText.SameAs(desired.Document, observed.Document))
        {
            if (observed.Versions.Count >= IamQueryClient.MaxPolicyVersions && OldestNonDefault(observed.Versions) is { } oldest)
                actions.Add(new PlannedIamWrite(IamOperation.DeletePolicyVersion, arn) { Subject = oldest.VersionId });
            actions.Add(new PlannedIamWrite(IamOperation.CreatePolicyVersion, arn) { Document = desired.Document });
        }
        return Updated(id, actions, observed);
    }

    private static IamPolicyVersionInfo? OldestNonDefault(IReadOnlyList<IamPolicyVersionInfo> versions)
    {
        IamPolicyVersionInfo? oldest = null;
        foreach (var version in versions)
        {
            if (version.IsDefaultVersion) continue;
            if (oldest is null || version.CreateDate < oldest.CreateDate
                || (version.CreateDate == oldest.CreateDate && VersionNumber(version.VersionId) < VersionNumber(oldest.VersionId)))
            {
                oldest = version;
            }
        }
        return oldest;
    }

    private static int VersionNumber(string versionId) =>
        versionId.Length > 1 && int.TryParse(versionId.AsSpan(1), out var n) ? n : int.MaxValue;
}
