using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>A reusable customer managed policy.</summary>
public sealed class IamPolicy : IamResource<IamPolicySpec>
{
    public const string KindName = "IamPolicy";
    public const string Plural = "iampolicies";
    public IamPolicy() => Kind = KindName;
}

public sealed class IamPolicySpec : TaggableEntitySpec
{
    /// <summary>IAM cannot change a policy's description after creation, so it is immutable.</summary>
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("document")] public JsonElement Document { get; set; }
}
