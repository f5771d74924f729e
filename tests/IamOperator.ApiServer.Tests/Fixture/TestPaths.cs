namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>Folders the tests read: the repository's CRDs and this project's test CRDs.</summary>
public static class TestPaths
{
    /// <summary>The CRDs of this suite (Widget, Lease), copied next to the test assembly.</summary>
    public static string TestCrds => Path.Combine(AppContext.BaseDirectory, "TestCrds");

    /// <summary>The operator's CRDs as deployed: config/crd/.</summary>
    public static string OperatorCrds => Testing.RepositoryRoot.Combine("config", "crd");
}
