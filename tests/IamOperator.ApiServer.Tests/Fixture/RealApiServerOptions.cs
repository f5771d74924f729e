namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>How to start a <see cref="RealApiServer"/>.</summary>
public sealed record RealApiServerOptions
{
    public RealApiServerBinaries Binaries { get; init; } = RealApiServerBinaries.Default();

    /// <summary>How long etcd and the apiserver may take to report ready.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The apiserver's <c>--min-request-timeout</c>: a watch without its own timeout lasts between
    /// one and two times this, and the watch cache sends a bookmark about 2 s before that end, so a
    /// short value makes bookmarks observable in tests (the default, 1800 s, sends them once a minute).
    /// </summary>
    public TimeSpan MinRequestTimeout { get; init; } = TimeSpan.FromSeconds(1800);
}
