namespace IamOperator.Resources.Tests;

/// <summary>The checkout the tests run from, found by walking up to IamOperator.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "IamOperator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("IamOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
