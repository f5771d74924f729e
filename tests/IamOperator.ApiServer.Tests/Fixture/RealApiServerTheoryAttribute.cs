namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>The theory counterpart of <see cref="RealApiServerFactAttribute"/>.</summary>
public sealed class RealApiServerTheoryAttribute : TheoryAttribute
{
    public RealApiServerTheoryAttribute()
    {
        if (!RealApiServerBinaries.RunningInCi && RealApiServerBinaries.Default().MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
