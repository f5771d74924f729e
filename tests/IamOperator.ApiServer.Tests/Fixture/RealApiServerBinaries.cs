namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// Where <c>tools/apiserver/build.sh</c> caches the apiserver and etcd for this machine.
/// </summary>
public sealed record RealApiServerBinaries(string ApiServerPath, string EtcdPath)
{
    public const string CacheVariable = "IAMOP_APISERVER_CACHE";
    public const string DefaultCache = "/var/cache/iam-operator/apiserver";

    public static RealApiServerBinaries FromCache(string cacheDirectory) => new(
        Path.Combine(cacheDirectory, "bin", "apiextensions-apiserver"),
        Path.Combine(cacheDirectory, "bin", "etcd"));

    /// <summary>The cache named by IAMOP_APISERVER_CACHE, else the build script's default.</summary>
    public static RealApiServerBinaries Default() =>
        FromCache(Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache ? cache : DefaultCache);

    public bool Exist => File.Exists(ApiServerPath) && File.Exists(EtcdPath);

    /// <summary>Why the server cannot start, or null when both binaries are there.</summary>
    public string? MissingReason => Exist
        ? null
        : $"the real API server is not built: {ApiServerPath} or {EtcdPath} is missing; run tools/apiserver/build.sh "
          + "(Debian packages, a few minutes the first time)";

    /// <summary>CI must run these tests, never skip them silently.</summary>
    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
