namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>Folders the tests read: the repository's CRDs and this project's test CRDs.</summary>
public static class TestPaths
{
    /// <summary>The CRDs of this suite (Widget, Lease), copied next to the test assembly.</summary>
    public static string TestCrds => Path.Combine(AppContext.BaseDirectory, "TestCrds");

    /// <summary>The repository root: the nearest folder above the test assembly holding IamOperator.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "IamOperator.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException($"no IamOperator.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The operator's CRDs as deployed: config/crd/.</summary>
    public static string OperatorCrds => Path.Combine(RepositoryRoot, "config", "crd");
}
