using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;
using static IamOperator.Reconciliation.Planning.TagPlanning;

namespace IamOperator.Reconciliation.Planning;

/// <summary>Whose an existing entity is (its owner tag), when it may be adopted, and the claim that adopts it.</summary>
internal static class OwnershipPlanning
{
    internal static Plan? Ownership(EntityIdentity id, ObservedEntity observed, string mark)
    {
        if (observed.Owner == id.Owner) return null;
        if (observed.Owner is not null)
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.OwnershipConflict,
                $"IAM {Noun(id.Kind)} '{observed.Name}' is owned by '{observed.Owner}' ({mark}), not by this resource ('{id.Owner}'); it is left untouched");
        }

        if (id.AdoptionPolicy == AdoptionPolicy.Adopt) return null;
        return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.AlreadyExists,
            $"IAM {Noun(id.Kind)} '{observed.Name}' already exists and is not managed by IamOperator; set spec.adoptionPolicy: Adopt to take it over");
    }

    /// <summary>
    /// Adopting an unmarked entity: the owner tag alone, on the entity as IAM names it now. Null when there
    /// is nothing to claim; a blocked plan when the claim itself would cross IAM's tag limit (the claim must
    /// come first, so no tag may be removed to make room).
    /// </summary>
    internal static Plan? Claim(List<PlannedIamWrite> actions, IamOperation tag, EntityIdentity id, ObservedEntity observed,
        IReadOnlyDictionary<string, string> tags, string? target = null)
    {
        if (observed.Owner is not null) return null;
        if (CountedTags(tags) >= IamLimits.TagsPerEntity)
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.LimitExceeded,
                $"IAM {Noun(id.Kind)} '{observed.Name}' already holds {IamLimits.TagsPerEntity} tags, IAM's limit, so the owner tag {KubernetesApiGroup.OwnerTagKey} "
                + "cannot be added; adopting claims the entity before changing anything else, so remove one of its tags outside the operator first");
        }

        actions.Add(new PlannedIamWrite(tag, target ?? observed.Name) { Tags = [new IamTag(KubernetesApiGroup.OwnerTagKey, id.Owner)] });
        return null;
    }

    /// <summary>The entity's tags once the claim (if any) is made.</summary>
    internal static IReadOnlyDictionary<string, string> Claimed(IReadOnlyDictionary<string, string> tags, EntityIdentity id)
    {
        if (tags.ContainsKey(KubernetesApiGroup.OwnerTagKey)) return tags;
        return new Dictionary<string, string>(tags, StringComparer.Ordinal) { [KubernetesApiGroup.OwnerTagKey] = id.Owner };
    }
}
