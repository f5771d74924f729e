using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>Where a user, group or role gets its permissions.</summary>
public sealed class PermissionsSpec
{
    /// <summary>ARNs of managed policies (AWS managed or existing customer managed).</summary>
    [JsonPropertyName("managedPolicyArns")] public List<string>? ManagedPolicyArns { get; set; }
    /// <summary>IamPolicy resources (same namespace unless namespace is given).</summary>
    [JsonPropertyName("policyRefs")] public List<ResourceRef>? PolicyRefs { get; set; }
    [JsonPropertyName("inlinePolicies")] public List<InlinePolicySpec>? InlinePolicies { get; set; }
}

public sealed class InlinePolicySpec
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    /// <summary>The policy document as a structured object (not an escaped string).</summary>
    [JsonPropertyName("document")] public JsonElement Document { get; set; }
}

/// <summary>A reference to another resource of this API group by metadata.name.</summary>
public sealed class ResourceRef
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
}

/// <summary>The maximum permissions a user or role can have: a managed policy ARN or an IamPolicy.</summary>
public sealed class PermissionsBoundarySpec
{
    [JsonPropertyName("policyArn")] public string? PolicyArn { get; set; }
    [JsonPropertyName("policyRef")] public ResourceRef? PolicyRef { get; set; }
}
