using System.CommandLine;
using System.Diagnostics;
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
    public async Task A_port_in_use_is_one_line_with_exit_code_6_not_an_internal_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output, error) = await CliRun.InvokeAsync(["emulator", "--port", port]);

        Assert.True(exitCode == ExitCodes.ListenerUnavailable, $"exit code {exitCode}: {error}");
        Assert.StartsWith($"emulator: cannot listen on 127.0.0.1 port {port}:", error, StringComparison.Ordinal);
        Assert.Contains("Choose another --port", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(output);
    }

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

    [Fact]
    public async Task Rate_limit_flag_answers_IAMs_Throttling_error_beyond_the_account_wide_bucket()
    {
        await using var emulator = await RunningEmulator.StartAsync("--rate-limit", "0.001", "--burst", "1");
        using var client = new SigningIamClient(emulator.Endpoint, EmulatorCredential.DocumentationExample);

        var first = await client.CallAsync("ListUsers");
        var second = await client.CallAsync("ListUsers");

        Assert.Equal(200, first.Status);
        Assert.Equal(400, second.Status);
        Assert.Equal("Throttling", second.ErrorCode);
        Assert.Equal("Rate exceeded", second.ErrorMessage);
        Assert.Contains("rate limit 0.001/s (burst 1)", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latency_flag_delays_every_answer()
    {
        await using var emulator = await RunningEmulator.StartAsync("--latency", "300ms");
        using var client = new SigningIamClient(emulator.Endpoint, EmulatorCredential.DocumentationExample);

        var stopwatch = Stopwatch.StartNew();
        (await client.CallAsync("ListUsers")).EnsureSuccess();

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Quota_flag_raises_or_lowers_an_account_quota_as_Service_Quotas_would()
    {
        await using var emulator = await RunningEmulator.StartAsync("--quota", "users=2", "--quota", "Roles=2500");
        using var client = new SigningIamClient(emulator.Endpoint, EmulatorCredential.DocumentationExample);

        (await client.CallAsync("CreateUser", ("UserName", "first"))).EnsureSuccess();
        (await client.CallAsync("CreateUser", ("UserName", "second"))).EnsureSuccess();
        var third = await client.CallAsync("CreateUser", ("UserName", "third"));

        Assert.Equal("LimitExceeded", third.ErrorCode);
        Assert.Contains("Account quotas: 2 users, 300 groups, 2500 roles, 1500 customer managed policies, 1000 instance profiles.", emulator.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("150ms", "latency 150ms")]
    [InlineData("1m30s", "latency 90000ms")]
    [InlineData("1.5s", "latency 1500ms")]
    [InlineData("0", "latency 0ms")]
    public async Task Durations_are_Go_style(string latency, string expected)
    {
        await using var emulator = await RunningEmulator.StartAsync("--latency", latency, "--visibility-delay", "2s", "--failure-rate", "0.25", "--seed", "7");

        Assert.Contains(expected, emulator.Output, StringComparison.Ordinal);
        Assert.Contains("failure rate 0.25, visibility delay 2000ms", emulator.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--latency", "150" }, "--latency must be a Go-style duration such as 150ms, 2s or 1m30s, got '150'.")]
    [InlineData(new[] { "--latency", "-1s" }, "--latency must be a Go-style duration")]
    [InlineData(new[] { "--visibility-delay", "2 s" }, "--visibility-delay must be a Go-style duration")]
    [InlineData(new[] { "--rate-limit", "0" }, "--rate-limit must be a positive number of calls per second, got 0.")]
    [InlineData(new[] { "--rate-limit", "5", "--burst", "0" }, "--burst must be at least 1, got 0.")]
    [InlineData(new[] { "--burst", "5" }, "--burst needs --rate-limit.")]
    [InlineData(new[] { "--failure-rate", "1.5" }, "--failure-rate must be between 0 and 1, got 1.5.")]
    [InlineData(new[] { "--quota", "users" }, "--quota must be NAME=N with NAME one of users, groups, roles, customer-managed-policies, instance-profiles and N a whole number of at least 1, got 'users'.")]
    [InlineData(new[] { "--quota", "policies-per-user=20" }, "--quota must be NAME=N")]
    [InlineData(new[] { "--quota", "users=0" }, "--quota must be NAME=N")]
    public async Task Bad_fault_flags_are_refused_saying_what_is_allowed(string[] flags, string expected)
    {
        var error = new StringWriter();
        var root = new RootCommand { EmulatorCommand.Create() };

        var exitCode = await root.Parse(["emulator", "--port", "0", .. flags])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>`iam-operator emulator --port 0 FLAGS` running until disposed, with the endpoint it printed.</summary>
    private sealed class RunningEmulator : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop;
        private readonly Task<int> serving;
        private readonly SynchronizedOutput output;

        private RunningEmulator(CancellationTokenSource stop, Task<int> serving, SynchronizedOutput output, Uri endpoint)
        {
            this.stop = stop;
            this.serving = serving;
            this.output = output;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public string Output => output.Text;

        public static async Task<RunningEmulator> StartAsync(params string[] flags)
        {
            var stop = new CancellationTokenSource();
            var output = new SynchronizedOutput();
            var root = new RootCommand { EmulatorCommand.Create() };
            var serving = root.Parse(["emulator", "--port", "0", .. flags])
                .InvokeAsync(new InvocationConfiguration { Output = output.Writer, Error = new StringWriter() }, stop.Token);
            Uri? endpoint = null;
            await OperatorHarness.WaitUntilAsync(() =>
            {
                var match = System.Text.RegularExpressions.Regex.Match(output.Text, @"listening on (?<url>http://127\.0\.0\.1:\d+/)");
                endpoint = match.Success ? new Uri(match.Groups["url"].Value) : null;
                return Task.FromResult(endpoint is not null || serving.IsCompleted);
            }, "the emulator prints its endpoint", TimeSpan.FromSeconds(30));
            Assert.False(serving.IsCompleted, "the emulator stopped before serving");
            return new RunningEmulator(stop, serving, output, endpoint!);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            Assert.Equal(0, await serving);
            stop.Dispose();
        }
    }

    /// <summary>What the command prints, readable while it still writes (the synchronized writer locks on itself).</summary>
    private sealed class SynchronizedOutput
    {
        private readonly StringWriter text = new();

        public SynchronizedOutput() => Writer = TextWriter.Synchronized(text);

        public TextWriter Writer { get; }

        public string Text
        {
            get
            {
                lock (Writer)
                {
                    return text.ToString();
                }
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
