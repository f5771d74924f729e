namespace IamOperator.Testing;

/// <summary>The checkout the tests run from: the nearest folder above the test assembly holding IamOperator.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path below the repository root, e.g. <c>Combine("config", "samples")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(Combine(parts));

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
