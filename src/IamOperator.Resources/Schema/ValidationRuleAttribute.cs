namespace IamOperator.Resources.Schema;

/// <summary>
/// Attaches a <see cref="CrossFieldRule"/> to the schema of a type or property: the CRD carries it as a
/// CEL <c>x-kubernetes-validations</c> entry and <see cref="ResourceValidator"/> evaluates its C# twin.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class ValidationRuleAttribute(Type ruleType) : Attribute
{
    public Type RuleType { get; } = ruleType;

    public CrossFieldRule CreateRule() =>
        Activator.CreateInstance(RuleType) as CrossFieldRule
        ?? throw new InvalidOperationException($"{RuleType} is not a {nameof(CrossFieldRule)} with a public parameterless constructor.");
}
