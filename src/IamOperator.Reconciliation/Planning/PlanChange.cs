using System.Text.Json.Serialization;

namespace IamOperator.Reconciliation.Planning;

/// <summary>What a plan does to its entity as a whole.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanChange>))]
public enum PlanChange
{
    /// <summary>IAM already matches the declaration.</summary>
    None,
    Create,
    Update,
    Delete,
    /// <summary>Nothing may be done (ownership, adoption, an immutable field); see <see cref="Plan.Blocker"/>.</summary>
    Blocked,
}
