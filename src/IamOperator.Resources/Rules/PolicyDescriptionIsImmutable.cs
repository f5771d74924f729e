namespace IamOperator.Resources.Rules;

/// <summary>CreatePolicy sets a managed policy's description once; no IAM action changes it.</summary>
public sealed class PolicyDescriptionIsImmutable() : ImmutableFieldRule("description", "IAM cannot change a managed policy's description after creation");
