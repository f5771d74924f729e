using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests.Operator;

/// <summary>`iam-operator emulator --port PORT` serves IAM on 127.0.0.1 to any SigV4 client until it is stopped.</summary>
public sealed class EmulatorCommandTests
{
    [Fact]
    public async Task The_emulator_verb_serves_signed_IAM_calls_on_the_given_port_until_stopped()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var root = new RootCommand { EmulatorCommand.Create() };
        var serving = root.Parse(["emulator", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, stop.Token);

        var credential = EmulatorCredential.DocumentationExample;
        var iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/"),
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = 1000,
            Burst = 100,
        });
        await OperatorHarness.WaitUntilAsync(async () =>
        {
            try
            {
                await iam.CreateUserAsync(new CreateUserRequest("cli.user"), default);
                return true;
            }
            catch (IamApiException e) when (e.ErrorCode == IamErrorCode.NetworkFailure)
            {
                return false;
            }
        }, "the emulator answers on its port", TimeSpan.FromSeconds(30));

        Assert.Contains(await iam.ListUsersAsync(null, default), u => u.UserName == "cli.user");
        await stop.CancelAsync();
        Assert.Equal(0, await serving);
        Assert.Contains($"http://127.0.0.1:{port}", output.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
