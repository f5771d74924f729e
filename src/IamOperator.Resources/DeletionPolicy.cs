using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>What deleting the resource does to the IAM entity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy { Delete, Retain }
