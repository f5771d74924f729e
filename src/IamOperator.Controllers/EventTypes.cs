namespace IamOperator.Controllers;

/// <summary>The two Event types Kubernetes knows.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
