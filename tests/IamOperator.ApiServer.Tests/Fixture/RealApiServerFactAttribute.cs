namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// A test that needs the real API server: skipped with the reason when its binaries are missing
/// locally, but run (and so failing) under <c>CI=true</c>.
/// </summary>
public sealed class RealApiServerFactAttribute : FactAttribute
{
    public RealApiServerFactAttribute()
    {
        if (!RealApiServerBinaries.RunningInCi && RealApiServerBinaries.Default().MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
