using Xunit.Sdk;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// A test of an abstract contract suite. It runs in every concrete subclass; in a subclass marked
/// <see cref="IUsesRealApiServer"/> it is skipped, with the reason, when the real server is not built
/// (except under <c>CI=true</c>, where it runs and fails).
/// </summary>
[XunitTestCaseDiscoverer("IamOperator.ApiServer.Tests.Fixture.ContractFactDiscoverer", "IamOperator.ApiServer.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;
