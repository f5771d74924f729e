namespace IamOperator.Resources.Schema;

/// <summary>The schema of metav1.Condition (k8s.io/apimachinery), with its own descriptions and constraints.</summary>
public static class ConditionSchema
{
    public static SchemaNode Node { get; } = new()
    {
        Type = "object",
        Description = "Condition contains details for one aspect of the current state of this API Resource.",
        Properties = new Dictionary<string, SchemaNode>
        {
            ["type"] = new()
            {
                Type = "string", MaxLength = 316,
                Pattern = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                Description = "type of condition in CamelCase: Ready, Reconciling or Stalled.",
            },
            ["status"] = new() { Type = "string", Enum = ["True", "False", "Unknown"], Description = "status of the condition, one of True, False, Unknown." },
            ["observedGeneration"] = new() { Type = "integer", Format = "int64", Minimum = 0, Description = "observedGeneration represents the .metadata.generation that the condition was set based upon." },
            ["lastTransitionTime"] = new() { Type = "string", Format = "date-time", Description = "lastTransitionTime is the last time the condition transitioned from one status to another." },
            ["reason"] = new()
            {
                Type = "string", MinLength = 1, MaxLength = 1024, Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                Description = "reason contains a programmatic identifier indicating the reason for the condition's last transition (see ConditionReasons).",
            },
            ["message"] = new() { Type = "string", MaxLength = 32768, Description = "message is a human readable message indicating details about the transition." },
        },
        Required = ["type", "status", "lastTransitionTime", "reason", "message"],
    };
}
