using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IamOperator.Policies;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// The ordered IAM writes that make one entity match its declaration (or delete it). A value:
/// printed by <c>plan</c>, executed by <see cref="Execution.PlanExecutor"/>, summarised in status.
/// </summary>
public sealed record Plan(
    ResourceKey Resource,
    IamEntityKind Kind,
    string IamName,
    PlanChange Change,
    IReadOnlyList<PlannedIamWrite> Actions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PlanBlocker? Blocker = null)
{
    [JsonIgnore] public bool IsEmpty => Actions.Count == 0;

    public static Plan NoChange(ResourceKey resource, IamEntityKind kind, string iamName) => new(resource, kind, iamName, PlanChange.None, []);

    public static Plan Blocked(ResourceKey resource, IamEntityKind kind, string iamName, string reason, string message, bool declarationAtFault = false)
        => new(resource, kind, iamName, PlanChange.Blocked, [], new PlanBlocker(reason, message, declarationAtFault));

    /// <summary>One line, e.g. <c>update: 2 writes: AttachGroupPolicy, PutGroupPolicy</c> or <c>no changes</c>.</summary>
    public string Summary()
    {
        if (Blocker is not null) return $"blocked: {Blocker.Reason}";
        if (IsEmpty) return "no changes";
        var text = new StringBuilder(Change.ToString().ToLowerInvariant()).Append(": ")
            .Append(Actions.Count).Append(Actions.Count == 1 ? " write: " : " writes: ");
        // Group repeated operations ("AddUserToGroup×2") so the line stays short.
        var first = true;
        foreach (var group in Actions.GroupBy(a => a.Operation))
        {
            if (!first) text.Append(", ");
            first = false;
            text.Append(group.Key);
            var count = group.Count();
            if (count > 1) text.Append('×').Append(count);
        }
        return text.ToString();
    }

    /// <summary>Multi-line, for people: a header and one indented line per action.</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append(Resource).Append(" (IAM ").Append(Kind.ToString().ToLowerInvariant())
            .Append(' ').Append(IamName).Append("): ").Append(Summary());
        if (Blocker is not null) text.AppendLine().Append("    ").Append(Blocker.Message);
        foreach (var action in Actions) text.AppendLine().Append("    ").Append(action.Describe());
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, PlanJson.Options);
}
