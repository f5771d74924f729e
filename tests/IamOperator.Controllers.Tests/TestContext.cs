namespace IamOperator.Controllers.Tests;

internal static class TestContext
{
    /// <summary>A token that ends a test that hangs instead of letting it block the run.</summary>
    public static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
