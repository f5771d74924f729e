using System.Net;
using IamOperator.Iam.Emulator.Actions;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IamOperator.Iam.Emulator;

/// <summary>
/// An in-memory AWS IAM speaking the Query protocol over HTTP on 127.0.0.1. Point any AWS SDK or
/// the AWS CLI at <see cref="Endpoint"/> with one of the configured credentials.
/// </summary>
public sealed class IamEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int stopped;

    private IamEmulatorServer(WebApplication app, Uri endpoint, EmulatorFaults faults, EmulatorStatistics statistics)
    {
        this.app = app;
        Endpoint = endpoint;
        Faults = faults;
        Statistics = statistics;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Endpoint { get; }

    /// <summary>Injected faults; change them while the server runs.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Calls received, by action, and how many were writes.</summary>
    public EmulatorStatistics Statistics { get; }

    /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<IamEmulatorServer> StartAsync(IamEmulatorOptions options, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (options.AccountId.Length != 12 || !options.AccountId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"AccountId must be 12 digits, got '{options.AccountId}'.", nameof(options));
        }

        var faults = new EmulatorFaults();
        var statistics = new EmulatorStatistics();
        var account = new IamAccount(options, faults);
        var front = new IamFront(account, EmulatorActions.Table(account), faults, statistics, options.TimeProvider);

        // The empty builder reads no configuration or environment: everything comes from options.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(front.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A taken port or a cancelled start must not leave the host behind.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var endpoint = new UriBuilder(address) { Host = "127.0.0.1", Path = "/" }.Uri;
        return new IamEmulatorServer(app, endpoint, faults, statistics);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 0)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
