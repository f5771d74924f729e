namespace IamOperator.Deploy.Tests;

/// <summary>
/// The tools tools/helm/install-tools.sh puts into .tools/ (helm, node modules for schema and
/// CEL checks). Locally, tests that need them are skipped with a reason when they are missing;
/// under CI=true they run and fail, so a broken install step cannot pass unnoticed.
/// </summary>
public static class DeployTools
{
    public static string Folder { get; } = RepositoryRoot.Combine(".tools");
    public static string Helm { get; } = System.IO.Path.Combine(Folder, "helm", "helm");
    public static string NodeModules { get; } = System.IO.Path.Combine(Folder, "node_modules");

    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool Installed =>
        File.Exists(Helm)
        && Directory.Exists(System.IO.Path.Combine(NodeModules, "kubernetes-models"))
        && Directory.Exists(System.IO.Path.Combine(NodeModules, "@bufbuild", "cel"));

    public const string MissingReason = "helm / node modules not installed in .tools/: run tools/helm/install-tools.sh";
}
