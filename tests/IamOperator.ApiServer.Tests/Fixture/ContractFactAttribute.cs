using Xunit.Sdk;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// A test of an abstract contract suite. It runs in every concrete subclass; in a subclass marked
/// <see cref="IUsesRealApiServer"/> it is skipped, with the reason, when the real server is not built
/// (except under <c>CI=true</c>, where it runs and fails). A test that <see cref="Requires"/> a capability is skipped,
/// with the class's reason, in a subclass marked <see cref="LacksCapabilityAttribute"/> for it.
/// </summary>
[XunitTestCaseDiscoverer("IamOperator.ApiServer.Tests.Fixture.ContractFactDiscoverer", "IamOperator.ApiServer.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute
{
    /// <summary>What the server must serve beyond custom resources for this test to mean anything.</summary>
    public ApiCapability Requires { get; set; }
}
