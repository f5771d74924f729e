using CsCheck;
using IamOperator.Cli;
using IamOperator.Hosting;
using Microsoft.Extensions.Configuration;

namespace IamOperator.Tests;

/// <summary>Durations are written as Kubernetes and Go tools write them, everywhere: flags and settings.</summary>
public sealed class GoDurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-durations-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("30s", 0, 0, 30, 0)]
    [InlineData("10m", 0, 10, 0, 0)]
    [InlineData("1h", 1, 0, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("1.5h", 1, 30, 0, 0)]
    [InlineData("250ms", 0, 0, 0, 250)]
    [InlineData("2h45m30.5s", 2, 45, 30, 500)]
    [InlineData(".5s", 0, 0, 0, 500)]
    [InlineData("+5s", 0, 0, 5, 0)]
    [InlineData("0", 0, 0, 0, 0)]
    [InlineData("00:10:00", 0, 10, 0, 0)]
    [InlineData("01:02:03", 1, 2, 3, 0)]
    public void Go_durations_and_the_older_hh_mm_ss_form_are_read(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration), text);
        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), duration);
    }

    [Fact]
    public void Sub_millisecond_units_are_read_to_the_100_ns_tick()
    {
        Assert.True(GoDuration.TryParse("1us", out var micro));
        Assert.Equal(10, micro.Ticks);
        Assert.True(GoDuration.TryParse("3µs", out var micro2));
        Assert.Equal(30, micro2.Ticks);
        Assert.True(GoDuration.TryParse("250ns", out var nano));
        Assert.Equal(2, nano.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]      // Go requires a unit; .NET would read ten days
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("1.2.3s")]
    [InlineData("1hh")]
    [InlineData("5 m")]
    [InlineData(".s")]
    [InlineData("1e3s")]
    [InlineData("99999999999999h")]
    [InlineData("ten minutes")]
    public void Anything_else_is_not_a_duration(string text) => Assert.False(GoDuration.TryParse(text, out _), text);

    [Fact]
    public void A_negative_duration_is_refused_as_a_setting_with_the_name_and_what_is_allowed()
    {
        Assert.True(GoDuration.TryParse("-5s", out var negative));
        Assert.Equal(TimeSpan.FromSeconds(-5), negative);
        Assert.Equal("--resync-period must not be negative, got '-5s'.", GoDuration.TryParseSetting("--resync-period", "-5s", out _));
        Assert.Equal($"--resync-period must be {GoDuration.Accepted}, got '10'.", GoDuration.TryParseSetting("--resync-period", "10", out _));
    }

    [Fact]
    public void Formatting_in_Go_style_reads_back_to_the_same_duration() =>
        Gen.Long[-TimeSpan.TicksPerDay * 400, TimeSpan.TicksPerDay * 400].Sample(ticks =>
        {
            var duration = TimeSpan.FromTicks(ticks);
            return GoDuration.TryParse(GoDuration.Format(duration), out var back) && back == duration;
        });

    [Theory]
    [InlineData(90 * 60, "1h30m0s")]
    [InlineData(10, "10s")]
    [InlineData(0, "0s")]
    public void Formatting_matches_Go(int seconds, string expected) => Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Every_TimeSpan_setting_of_the_operator_is_rewritten_before_binding()
    {
        Assert.Equal(
            ["Controller:DependencyTimeout", "Controller:DriftScanPeriod", "Controller:ResyncPeriod", "LeaderElection:LeaseDuration", "LeaderElection:RenewDeadline", "LeaderElection:RetryPeriod"],
            ConfigurationDurations.KeysOf(typeof(OperatorOptions)).Order(StringComparer.Ordinal));

        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Controller:ResyncPeriod"] = "10m", ["Controller:DriftScanPeriod"] = "0", ["LeaderElection:LeaseDuration"] = "00:00:20",
        });
        var (normalized, errors) = ConfigurationDurations.Normalize(configuration, typeof(OperatorOptions));
        Assert.Empty(errors);
        configuration.AddInMemoryCollection(normalized);
        var options = configuration.Get<OperatorOptions>()!;
        Assert.Equal(TimeSpan.FromMinutes(10), options.Controller.ResyncPeriod);
        Assert.Equal(TimeSpan.Zero, options.Controller.DriftScanPeriod);
        Assert.Equal(TimeSpan.FromSeconds(20), options.LeaderElection.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.LeaderElection.RenewDeadline);
    }

    [Fact]
    public async Task Run_reads_Go_durations_from_flags_and_from_the_settings_file()
    {
        var settings = Path.Combine(folder, "appsettings.json");
        await File.WriteAllTextAsync(settings, """{ "Controller": { "DriftScanPeriod": "5m" }, "LeaderElection": { "LeaseDuration": "15s" } }""");

        // Without an owner id run stops right after reading its settings: reaching that check proves the durations were read.
        var (exitCode, _, error) = await CliRun.InvokeAsync(["run", "--config", settings, "--resync-period", "10m", "--retry-period", "1.5s", "--kubeconfig", "/nonexistent/kubeconfig"]);

        Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
        Assert.Contains("Controller:OwnerId is not set", error);
    }

    [Fact]
    public async Task A_duration_setting_that_is_no_duration_names_its_key_and_the_accepted_forms()
    {
        var settings = Path.Combine(folder, "appsettings.json");
        await File.WriteAllTextAsync(settings, """{ "Controller": { "ResyncPeriod": "ten minutes" } }""");

        var (exitCode, _, error) = await CliRun.InvokeAsync(["run", "--config", settings, "--owner-id", "test", "--kubeconfig", "/nonexistent/kubeconfig"]);

        Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
        Assert.Equal($"error: invalid setting: Controller:ResyncPeriod must be {GoDuration.Accepted}, got 'ten minutes'.", error.TrimEnd());
    }

    [Fact]
    public async Task A_duration_flag_that_is_no_duration_is_a_usage_error_naming_the_flag()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["run", "--resync-period", "10", "--owner-id", "test"]);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"--resync-period must be {GoDuration.Accepted}, got '10'.", error);
    }
}
