namespace IamOperator.Tests.Operator;

/// <summary>The checkout the tests run from: the nearest folder above the test assembly holding IamOperator.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "IamOperator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no IamOperator.sln above {AppContext.BaseDirectory}");
    }
}
