using IamOperator.Hosting;
using Microsoft.Extensions.Configuration;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The operator's defaults for the IAM budget and the resync: no fixed IAM rate (the client finds it),
/// a resync in hours and the drift scan in minutes, as bound from configuration by `run`.
/// </summary>
public sealed class OperatorOptionsDefaultsTests
{
    private static OperatorOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<OperatorOptions>() ?? new OperatorOptions();

    [Fact]
    public void By_default_the_resync_is_ten_hours_and_the_drift_scan_five_minutes_so_steady_state_is_the_drift_scan()
    {
        var options = Bind([]);

        Assert.Equal(TimeSpan.FromHours(10), options.Controller.ResyncPeriod);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Controller.DriftScanPeriod);
    }

    [Fact]
    public void By_default_no_IAM_rate_is_fixed_and_a_configured_rate_becomes_the_ceiling()
    {
        Assert.Null(Bind([]).Iam.RequestsPerSecond);
        Assert.Null(Bind([]).Iam.Burst);

        var configured = Bind(new() { ["Iam:RequestsPerSecond"] = "7.5", ["Iam:Burst"] = "3" });

        Assert.Equal(7.5, configured.Iam.RequestsPerSecond);
        Assert.Equal(3, configured.Iam.Burst);
    }
}
