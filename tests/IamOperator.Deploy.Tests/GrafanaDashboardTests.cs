using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IamOperator.Deploy.Tests;

/// <summary>config/grafana/iam-operator-dashboard.json charts every metric the operator exports, by its Prometheus name.</summary>
public sealed partial class GrafanaDashboardTests
{
    /// <summary>
    /// The Prometheus names of the operator's instruments (shared telemetry contract: Meters
    /// IamOperator.Iam and IamOperator.Controllers; dots become underscores, counters get _total,
    /// histograms in seconds get _seconds_bucket, a gauge in {request}/s gets _per_second).
    /// </summary>
    private static readonly string[] ExportedMetrics =
    [
        "iamoperator_iam_calls_total",
        "iamoperator_iam_call_duration_seconds_bucket",
        "iamoperator_iam_throttles_total",
        "iamoperator_iam_retries_total",
        "iamoperator_iam_rate_limit_per_second",
        "iamoperator_reconciles_total",
        "iamoperator_reconcile_duration_seconds_bucket",
        "iamoperator_workqueue_depth",
        "iamoperator_workqueue_wait_seconds_bucket",
        "iamoperator_reconcile_retries_total",
        "iamoperator_drift_corrections_total",
        "iamoperator_resources",
        "iamoperator_access_checks_total",
        "iamoperator_access_verified",
    ];

    private static readonly JsonObject Dashboard =
        JsonNode.Parse(RepositoryRoot.ReadText("config", "grafana", "iam-operator-dashboard.json"))!.AsObject();

    private static IEnumerable<JsonObject> Panels => Dashboard["panels"]!.AsArray().Select(p => p!.AsObject());

    private static IEnumerable<string> Expressions =>
        Panels.SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!);

    [Fact]
    public void Every_exported_metric_is_charted()
    {
        var used = Expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();

        Assert.Empty(ExportedMetrics.Except(used));
    }

    [Fact]
    public void Queries_name_only_metrics_the_operator_exports()
    {
        var used = Expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();

        Assert.Empty(used.Except(ExportedMetrics));
    }

    [Fact]
    public void Every_panel_reads_from_the_selectable_data_source()
    {
        Assert.Contains(Dashboard["templating"]!["list"]!.AsArray(), v => (string?)v!["name"] == "datasource" && (string?)v["type"] == "datasource");
        Assert.All(Panels.Where(p => (string?)p["type"] != "row"), p => Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]));
    }

    [Fact]
    public void Panels_have_unique_ids_and_a_stable_dashboard_uid()
    {
        Assert.Equal("iam-operator", (string?)Dashboard["uid"]);
        var ids = Panels.Select(p => (int)p["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Duration_quantiles_aggregate_by_bucket_boundary()
    {
        var quantiles = Expressions.Where(e => e.Contains("histogram_quantile", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(quantiles);
        Assert.All(quantiles, e => Assert.Matches(@"sum by \(le[,)]", e));
    }

    [GeneratedRegex(@"\biamoperator_[a-z_]+")]
    private static partial Regex MetricName();
}
