using Xunit.Abstractions;
using Xunit.Sdk;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// Discovers <see cref="ContractFactAttribute"/> tests, skipping real-server ones when the server is missing, and any
/// whose required capability the class declares it lacks (<see cref="LacksCapabilityAttribute"/>).
/// </summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        var needsServer = typeof(IUsesRealApiServer).IsAssignableFrom(testClass);
        var requires = factAttribute.GetNamedArgument<ApiCapability>(nameof(ContractFactAttribute.Requires));
        var lacking = requires == ApiCapability.None ? null
            : testClass.GetCustomAttributes(typeof(LacksCapabilityAttribute), inherit: true).OfType<LacksCapabilityAttribute>()
                .FirstOrDefault(a => a.Capability == requires);
        var missing = lacking?.Reason
            ?? (!needsServer || RealApiServerBinaries.RunningInCi ? null : RealApiServerBinaries.Default().MissingReason);
        yield return missing is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, missing);
    }
}
