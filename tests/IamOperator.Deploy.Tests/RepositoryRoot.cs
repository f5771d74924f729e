namespace IamOperator.Deploy.Tests;

/// <summary>The repository checkout the tests run in: the folder holding IamOperator.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static string ReadText(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "IamOperator.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No IamOperator.sln above {AppContext.BaseDirectory}");
    }
}
