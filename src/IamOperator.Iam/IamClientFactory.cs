using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace IamOperator.Iam;

/// <summary>
/// Builds the production IAM client: pooled HTTP connections, SigV4 signing, retries, telemetry,
/// and the process-wide rate limiter of its endpoint, so several clients never multiply the rate.
/// </summary>
public static class IamClientFactory
{
    public static IIamApi Create(
        IamClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null) =>
        CreateQueryClient(options, loggerFactory, timeProvider, meterFactory);

    internal static IamQueryClient CreateQueryClient(
        IamClientOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        timeProvider ??= TimeProvider.System;
        var limiter = IamRateLimiter.SharedFor(options.Endpoint, options.RequestsPerSecond, options.Burst, timeProvider);
        // Recycle pooled connections so DNS changes of the endpoint are picked up by a long-lived client.
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return new IamQueryClient(options, transport, limiter, loggerFactory, timeProvider, meterFactory);
    }
}
