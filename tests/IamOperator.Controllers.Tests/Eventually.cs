using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

/// <summary>Waits (in real time, bounded) for a condition that background loops make true, optionally moving fake time along.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, FakeTimeProvider? time = null, TimeSpan? step = null, string because = "condition")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {because}.");
            }

            time?.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }
    }
}
