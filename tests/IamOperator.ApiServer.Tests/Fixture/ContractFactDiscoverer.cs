using Xunit.Abstractions;
using Xunit.Sdk;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping real-server ones when the server is missing.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsServer = typeof(IUsesRealApiServer).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        var missing = !needsServer || RealApiServerBinaries.RunningInCi ? null : RealApiServerBinaries.Default().MissingReason;
        yield return missing is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, missing);
    }
}
