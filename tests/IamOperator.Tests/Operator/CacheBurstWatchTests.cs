using IamOperator.Operator;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Tests.Operator;

/// <summary>A burst of cache changes is over once the caches have been quiet for <see cref="CacheBurstWatch.QuietPeriod"/>.</summary>
public sealed class CacheBurstWatchTests
{
    [Fact]
    public void A_burst_is_reported_once_with_its_size_a_quiet_period_after_its_last_change()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var watch = new CacheBurstWatch(time);
        var settled = new List<int>();
        watch.Settled += settled.Add;

        watch.Changed();
        time.Advance(CacheBurstWatch.QuietPeriod / 2);
        watch.Changed();
        time.Advance(CacheBurstWatch.QuietPeriod / 2);
        watch.Changed();
        time.Advance(CacheBurstWatch.QuietPeriod - TimeSpan.FromSeconds(1));
        Assert.Empty(settled);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([3], settled);
        time.Advance(CacheBurstWatch.QuietPeriod * 10);
        Assert.Equal([3], settled);
    }

    [Fact]
    public void Changes_after_a_burst_make_a_burst_of_their_own()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var watch = new CacheBurstWatch(time);
        var settled = new List<int>();
        watch.Settled += settled.Add;

        watch.Changed();
        watch.Changed();
        time.Advance(CacheBurstWatch.QuietPeriod);
        watch.Changed();
        time.Advance(CacheBurstWatch.QuietPeriod);

        Assert.Equal([2, 1], settled);
    }
}
