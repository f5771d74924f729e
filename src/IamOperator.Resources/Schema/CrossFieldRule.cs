using System.Text.Json;

namespace IamOperator.Resources.Schema;

/// <summary>
/// A rule the OpenAPI keywords cannot say: its CEL text goes into the CRD, and <see cref="IsSatisfiedBy"/>
/// is the same rule in C#, so folder mode reports what the apiserver would. Keep the two in step.
/// </summary>
public abstract class CrossFieldRule
{
    /// <summary>The CEL expression (<c>self</c> is the value the rule is attached to).</summary>
    public abstract string Cel { get; }

    /// <summary>The message the apiserver and the validator both report.</summary>
    public abstract string Message { get; }

    /// <summary>Relative field path the apiserver reports the error at (CEL <c>fieldPath</c>), or null for the value itself.</summary>
    public virtual string? FieldPath => null;

    /// <summary>True when the rule compares with <c>oldSelf</c>; such rules only apply to updates of a stored object.</summary>
    public virtual bool IsTransitionRule => false;

    /// <summary>Evaluates the rule on the JSON value it is attached to (never called for transition rules).</summary>
    public abstract bool IsSatisfiedBy(JsonElement self);
}
