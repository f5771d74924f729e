namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// Declares that the server behind a contract test class does not serve <see cref="Capability"/>: its
/// <see cref="ContractFactAttribute"/> tests that require it are reported skipped with <see cref="Reason"/>, everywhere
/// (also under <c>CI=true</c>), because no build of that server can run them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class LacksCapabilityAttribute(ApiCapability capability, string reason) : Attribute
{
    public ApiCapability Capability { get; } = capability;

    public string Reason { get; } = reason;
}
