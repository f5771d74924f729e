namespace IamOperator.Resources.Schema;

/// <summary>Constraints on each string item of a list property (the DataAnnotations attributes constrain the list itself).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute : Attribute
{
    public string? Description { get; init; }
    public string? Pattern { get; init; }
    /// <summary>0 means no minimum.</summary>
    public int MinLength { get; init; }
    /// <summary>0 means no maximum.</summary>
    public int MaxLength { get; init; }
    public string[]? Enum { get; init; }
}
