using System.Text.Json;

namespace IamOperator.Resources.Schema;

/// <summary>A rule about updates (CEL <c>oldSelf</c>): immutable fields. Folder mode has no stored object, so only the CRD enforces it.</summary>
public abstract class TransitionRule : CrossFieldRule
{
    public sealed override bool IsTransitionRule => true;

    public sealed override bool IsSatisfiedBy(JsonElement self) => true;

    /// <summary>The C# twin of the CEL rule, comparing the new value with the stored one.</summary>
    public abstract bool IsSatisfiedBy(JsonElement self, JsonElement oldSelf);
}
