using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>Fields every kind has.</summary>
public abstract class IamEntitySpec
{
    /// <summary>The IAM name; defaults to metadata.name.</summary>
    [JsonPropertyName("iamName")] public string? IamName { get; set; }
    /// <summary>The IAM path, starting and ending with '/'; defaults to "/".</summary>
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("deletionPolicy")] public DeletionPolicy DeletionPolicy { get; set; } = DeletionPolicy.Delete;
    [JsonPropertyName("adoptionPolicy")] public AdoptionPolicy AdoptionPolicy { get; set; } = AdoptionPolicy.Refuse;
}

/// <summary>Spec fields of the kinds IAM can tag (all but groups).</summary>
public abstract class TaggableEntitySpec : IamEntitySpec
{
    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy { Delete, Retain }

/// <summary>What to do when the IAM entity already exists and this resource did not create it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdoptionPolicy>))]
public enum AdoptionPolicy { Refuse, Adopt }
