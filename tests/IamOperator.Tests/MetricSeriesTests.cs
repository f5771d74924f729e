using System.Diagnostics.Metrics;
using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Iam;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace IamOperator.Tests;

/// <summary>How many series each metric keeps, and in which buckets durations are exported.</summary>
public sealed class MetricSeriesTests
{
    [Fact]
    public void Operator_metrics_keep_256_series_each_counting_the_rest_as_overflow_while_IAM_calls_keep_the_SDK_default()
    {
        var exported = ExportSeries(300, out var name);

        var controllers = exported[(ControllerTelemetry.Name, name)];
        Assert.InRange(controllers.Count, OperatorTelemetry.SeriesPerMetric - 1, OperatorTelemetry.SeriesPerMetric + 1);
        Assert.Contains(controllers, p => p.Overflow);
        Assert.Equal(300, controllers.Sum(p => p.Value));

        var iam = exported[(IamTelemetry.MeterName, name)];
        Assert.Equal(300, iam.Count);
        Assert.DoesNotContain(iam, p => p.Overflow);
    }

    [Fact]
    public void Durations_in_seconds_are_exported_in_the_operator_buckets()
    {
        var snapshots = new List<MetricSnapshot>();
        using var provider = OperatorPipeline(snapshots);
        var meters = provider.GetRequiredService<MeterProvider>();
        using var meter = new Meter(ControllerTelemetry.Name);
        var name = $"test.duration.{Guid.NewGuid():N}";
        meter.CreateHistogram<double>(name, "s").Record(0.3);

        meters.ForceFlush();

        var point = Assert.Single(Assert.Single(snapshots, s => s.Name == name).MetricPoints);
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        Assert.Equal([.. OperatorTelemetry.SecondsBuckets, double.PositiveInfinity], bounds);
    }

    private sealed record Point(long Value, bool Overflow);

    /// <summary>The operator's metrics pipeline (<see cref="OperatorTelemetry.Configure"/>) exporting into <paramref name="snapshots"/>.</summary>
    private static ServiceProvider OperatorPipeline(List<MetricSnapshot> snapshots)
    {
        var services = new ServiceCollection();
        var otel = services.AddOpenTelemetry();
        OperatorTelemetry.Configure(otel, new ConfigurationBuilder().Build(), prometheus: false);
        otel.WithMetrics(m => m.AddInMemoryExporter(snapshots));
        return services.BuildServiceProvider();
    }

    /// <summary>Adds 1 under each of <paramref name="series"/> label values to a new counter on the controllers' meter (by kind) and IAM's (by action).</summary>
    private static Dictionary<(string Meter, string Instrument), List<Point>> ExportSeries(int series, out string name)
    {
        var instrument = $"test.series.{Guid.NewGuid():N}";
        name = instrument;
        var snapshots = new List<MetricSnapshot>();
        using var provider = OperatorPipeline(snapshots);
        var meters = provider.GetRequiredService<MeterProvider>();
        using var controllers = new Meter(ControllerTelemetry.Name);
        using var iam = new Meter(IamTelemetry.MeterName);
        var perKind = controllers.CreateCounter<long>(instrument);
        var perAction = iam.CreateCounter<long>(instrument);
        for (var i = 0; i < series; i++)
        {
            perKind.Add(1, new KeyValuePair<string, object?>("kind", $"kind-{i}"));
            perAction.Add(1, new KeyValuePair<string, object?>("action", $"Action{i}"));
        }

        meters.ForceFlush();

        var byInstrument = new Dictionary<(string, string), List<Point>>();
        foreach (var snapshot in snapshots.Where(s => s.Name == instrument))
        {
            var points = new List<Point>();
            foreach (var point in snapshot.MetricPoints)
            {
                var overflow = false;
                foreach (var tag in point.Tags)
                {
                    overflow |= tag.Key == "otel.metric.overflow";
                }

                points.Add(new Point(point.GetSumLong(), overflow));
            }

            byInstrument[(snapshot.MeterName, snapshot.Name)] = points;
        }

        return byInstrument;
    }
}
