using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Tests;

/// <summary>Builds clients over a fake handler with a fake clock and their own (not the shared) rate limiter.</summary>
internal static class TestClients
{
    public static readonly StaticIamCredentials ExampleCredentials =
        new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    public static IamClientOptions Options(int maxAttempts = 8) => new()
    {
        Endpoint = new Uri("https://iam.amazonaws.com/"),
        Credentials = ExampleCredentials,
        MaxAttempts = maxAttempts,
        RequestsPerSecond = 1000,
        Burst = 1000,
    };

    public static IamQueryClient Over(
        FakeIamHandler handler, TimeProvider? time = null, IamClientOptions? options = null, ILoggerFactory? loggerFactory = null,
        IamRateLimiter? limiter = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        options ??= Options();
        limiter ??= new IamRateLimiter(options.RequestsPerSecond, options.Burst, time);
        return new IamQueryClient(options, handler, limiter, loggerFactory, time, meterFactory);
    }

    /// <summary>Advances fake time in small steps until the task finishes (retries and limiter waits run on that clock).</summary>
    public static async Task<T> RunClockUntil<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.Yield();
            await Task.Delay(1);
            if (!task.IsCompleted)
                time.Advance(step);
        }
        return await task;
    }

    public static async Task RunClockUntil(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.Yield();
            await Task.Delay(1);
            if (!task.IsCompleted)
                time.Advance(step);
        }
        await task;
    }
}
