namespace IamOperator.Policies;

/// <summary><c>Action</c> or <c>NotAction</c> of a statement, values as written.</summary>
public sealed record ActionBlock(bool IsNotAction, ValueList<string> Actions)
{
    public string ElementName => IsNotAction ? "NotAction" : "Action";
}
