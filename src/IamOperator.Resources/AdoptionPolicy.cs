using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>What to do when the IAM entity already exists and this resource did not create it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdoptionPolicy>))]
public enum AdoptionPolicy { Refuse, Adopt }
