namespace IamOperator.Policies;

/// <summary><c>Resource</c> or <c>NotResource</c> of a statement, values as written.</summary>
public sealed record ResourceBlock(bool IsNotResource, ValueList<string> Resources)
{
    public string ElementName => IsNotResource ? "NotResource" : "Resource";
}
