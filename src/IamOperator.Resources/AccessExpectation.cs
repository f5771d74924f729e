using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>What an access check expects IAM to decide. Denied covers both an explicit deny (a Deny statement) and an implicit one (nothing allows).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccessExpectation>))]
public enum AccessExpectation { Allowed, Denied }
