using CsCheck;

namespace IamOperator.Iam.Tests;

/// <summary>
/// The adaptive rate controller on simulated time: unlimited until IAM throttles, a cut to 0.7 of the
/// send rate on Throttling, a climb while IAM answers, never above the ceiling, and it finds IAM's
/// budget again after that budget moves.
/// </summary>
public class RateControllerTests
{
    /// <summary>Sends one answer every 1/rate seconds for the duration and returns the time reached.</summary>
    private static double SendSteadily(IamRateController controller, double rate, double from, double seconds)
    {
        var t = from;
        for (; t < from + seconds; t += 1 / rate)
            controller.OnResponse(throttled: false, t);
        return t;
    }

    [Fact]
    public void Without_a_ceiling_nothing_limits_the_client_until_IAM_first_throttles()
    {
        var controller = new IamRateController(ceiling: null, now: 0);

        SendSteadily(controller, rate: 200, from: 0, seconds: 10);

        Assert.Null(controller.Rate);
        Assert.False(controller.Adapting);
    }

    [Theory]
    // send rate, ceiling, rate after the first throttle
    [InlineData(20, null, 14)]     // 0.7 of what was sent
    [InlineData(20, 100.0, 14)]    // a ceiling above does not matter
    [InlineData(20, 10.0, 10)]     // the ceiling still caps it
    [InlineData(0.2, null, 0.5)]   // never below the floor, so the client keeps probing IAM
    public void A_throttle_cuts_the_rate_to_0_7_of_the_measured_send_rate(double sendRate, double? ceiling, double expected)
    {
        var controller = new IamRateController(ceiling, now: 0);
        var t = SendSteadily(controller, sendRate, from: 0, seconds: 30);

        controller.OnResponse(throttled: true, t);

        Assert.True(controller.Adapting);
        Assert.Equal(expected, controller.Rate!.Value, precision: 1);
    }

    [Fact]
    public void A_second_throttle_cuts_from_the_lower_of_the_allowed_and_the_measured_rate()
    {
        var controller = new IamRateController(ceiling: null, now: 0);
        var t = SendSteadily(controller, 40, from: 0, seconds: 20);
        controller.OnResponse(throttled: true, t); // 28/s allowed
        var allowed = controller.Rate!.Value;
        t = SendSteadily(controller, 10, from: t, seconds: 20); // the client had less work than it was allowed

        controller.OnResponse(throttled: true, t);

        Assert.InRange(controller.Rate!.Value, 0.7 * 10 * 0.95, 0.7 * 10 * 1.05);
        Assert.True(controller.Rate < 0.7 * allowed);
    }

    [Fact]
    public void While_IAM_answers_the_rate_climbs_slowly_near_the_throttled_rate_and_faster_beyond_it()
    {
        var controller = new IamRateController(ceiling: null, now: 0);
        var t = SendSteadily(controller, 50, from: 0, seconds: 20);
        controller.OnResponse(throttled: true, t);
        var rates = new List<double>();

        // The client sends at whatever it is allowed, and IAM answers them all.
        for (var end = t + 20; t < end; t += 1 / controller.Rate!.Value)
        {
            controller.OnResponse(throttled: false, t);
            rates.Add(controller.Rate!.Value);
        }

        Assert.All(rates.Zip(rates.Skip(1)), pair => Assert.True(pair.Second >= pair.First - 1e-9, $"rate fell from {pair.First} to {pair.Second}"));
        Assert.True(rates[^1] > 50, $"after 20 s of answers the rate only reached {rates[^1]:0.0}/s, below the 50/s that was throttled");
    }

    [Fact]
    public void The_rate_never_climbs_past_twice_what_the_client_actually_sends()
    {
        var controller = new IamRateController(ceiling: null, now: 0);
        var t = SendSteadily(controller, 50, from: 0, seconds: 20);
        controller.OnResponse(throttled: true, t);

        // Long quiet stretches with a trickle of calls: the cubic curve would run away, the measured rate holds it.
        t = SendSteadily(controller, 2, from: t, seconds: 300);

        Assert.InRange(controller.Rate!.Value, IamRateController.MinimumRate, 2 * 2 * 1.05);
    }

    /// <summary>
    /// A client with an endless backlog against an IAM that grants <c>budget(t)</c> requests per second
    /// (a token bucket of one second), in 10 ms steps. Returns, per second, what IAM served and throttled,
    /// and checks on every answer that the rate stays within the floor and the ceiling.
    /// </summary>
    private static List<(int Served, int Throttled)> Simulate(Func<double, double> budget, double? ceiling, int seconds)
    {
        const double step = 0.01;
        var controller = new IamRateController(ceiling, now: 0);
        double iamTokens = budget(0), clientTokens = 0;
        var perSecond = new List<(int Served, int Throttled)>();
        for (var second = 0; second < seconds; second++)
        {
            int served = 0, throttled = 0;
            for (var i = 0; i < 100; i++)
            {
                var t = second + (i * step);
                var iamRate = budget(t);
                iamTokens = Math.Min(iamRate, iamTokens + (iamRate * step));
                // Without a limit yet the client sends 1000/s; else its bucket of one second at the allowed rate.
                var allowed = controller.Rate ?? 1000;
                clientTokens = Math.Min(Math.Max(1, allowed), clientTokens + (allowed * step));
                for (; clientTokens >= 1; clientTokens--)
                {
                    var isThrottled = iamTokens < 1;
                    if (isThrottled) { throttled++; } else { iamTokens--; served++; }
                    controller.OnResponse(isThrottled, t);
                    if (controller.Rate is { } rate)
                    {
                        Assert.True(rate >= IamRateController.MinimumRate, $"rate {rate} below the floor");
                        Assert.True(ceiling is null || rate <= ceiling, $"rate {rate} above the ceiling {ceiling}");
                    }
                    if (controller.Rate is { } now && now < allowed)
                        clientTokens = Math.Min(clientTokens, Math.Max(1, now)); // a cut empties the bucket down to the new size
                }
            }
            perSecond.Add((served, throttled));
        }
        return perSecond;
    }

    [Fact]
    public void Against_any_IAM_budget_the_rate_converges_to_use_most_of_it_with_few_throttles_and_never_passes_the_ceiling()
    {
        // Budgets from 5/s: at 2/s the SDKs' constants (a 0.5/s floor, cuts to 0.7x) settle with about a quarter of
        // calls throttled (retried, never a resource error); IAM's account budget is far above that.
        Gen.Select(Gen.Double[5, 150], Gen.Select(Gen.Bool, Gen.Double[1, 200]).Select(c => c.Item1 ? c.Item2 : (double?)null)).Sample((budget, ceiling) =>
        {
            var seconds = Simulate(_ => budget, ceiling, 120);

            var limit = Math.Min(budget, ceiling ?? double.MaxValue);
            var settled = seconds.Skip(60).ToList();
            var served = settled.Average(s => s.Served);
            var throttled = settled.Sum(s => s.Throttled) / (double)Math.Max(1, settled.Sum(s => s.Served + s.Throttled));
            Assert.True(served >= 0.6 * limit, $"budget {budget:0.0}/s, ceiling {ceiling}: served only {served:0.0}/s once settled");
            Assert.True(served <= limit * 1.05 + 1, $"budget {budget:0.0}/s, ceiling {ceiling}: served {served:0.0}/s");
            Assert.True(throttled <= 0.2, $"budget {budget:0.0}/s, ceiling {ceiling}: {throttled:P0} of calls throttled once settled");
        }, iter: 40);
    }

    /// <summary>
    /// A client with an endless backlog and <paramref name="inFlight"/> requests at a time against an IAM that judges each
    /// request <paramref name="roundTrip"/> after it is sent (a token bucket of one second at <paramref name="budget"/>/s)
    /// and answers it then, in 1 ms steps: what IAM served per second. Throttled requests are sent again.
    /// </summary>
    private static List<int> SimulateRoundTrips(double budget, double roundTrip, int inFlight, int seconds)
    {
        const double step = 0.001;
        var controller = new IamRateController(ceiling: null, now: 0);
        double iamTokens = budget, clientTokens = 0;
        var pending = new Queue<double>(); // when each request in flight reaches IAM
        var perSecond = new List<int>();
        for (var second = 0; second < seconds; second++)
        {
            var served = 0;
            for (var i = 0; i < 1000; i++)
            {
                var t = second + (i * step);
                iamTokens = Math.Min(budget, iamTokens + (budget * step));
                for (; pending.Count > 0 && pending.Peek() <= t; pending.Dequeue())
                {
                    var isThrottled = iamTokens < 1;
                    if (!isThrottled) { iamTokens--; served++; }
                    controller.OnResponse(isThrottled, t);
                    if (controller.Rate is { } cut) clientTokens = Math.Min(clientTokens, Math.Max(1, cut));
                }
                var allowed = controller.Rate ?? 1000;
                clientTokens = Math.Min(Math.Max(1, allowed), clientTokens + (allowed * step));
                for (; clientTokens >= 1 && pending.Count < inFlight; clientTokens--)
                    pending.Enqueue(t + roundTrip);
            }
            perSecond.Add(served);
        }
        return perSecond;
    }

    [Theory]
    [InlineData(20, 0.15)]
    [InlineData(10, 0.25)]
    [InlineData(30, 0.1)]
    public void With_requests_in_flight_one_overshoot_cuts_the_rate_once_so_the_client_uses_nearly_all_of_the_budget(double budget, double roundTrip)
    {
        // Eight requests in flight (plan/apply's default concurrency): when IAM first throttles, the others sent at the
        // same rate are throttled a moment later. Cutting for each of them left a quarter of the budget unused.
        var seconds = SimulateRoundTrips(budget, roundTrip, inFlight: 8, seconds: 120);

        var served = seconds.Skip(20).Average();
        Assert.True(served >= 0.9 * budget, $"budget {budget}/s, round trip {roundTrip * 1000} ms: served only {served:0.0}/s once settled");
    }

    [Fact]
    public void When_another_tool_takes_most_of_the_budget_the_rate_backs_off_and_recovers_when_it_is_returned()
    {
        // 60 s at 40/s, then another tool leaves 8/s for 60 s, then the whole 40/s again.
        var seconds = Simulate(t => t is >= 60 and < 120 ? 8 : 40, ceiling: null, 240);

        var squeezed = seconds.Skip(80).Take(40).ToList();
        var recovered = seconds.Skip(180).ToList();
        Assert.InRange(squeezed.Average(s => s.Served), 8 * 0.6, 8 * 1.05 + 1);
        Assert.True(squeezed.Sum(s => s.Throttled) <= 0.2 * squeezed.Sum(s => s.Served + s.Throttled),
            $"squeezed: {squeezed.Sum(s => s.Throttled)} throttled of {squeezed.Sum(s => s.Served + s.Throttled)}");
        Assert.True(recovered.Average(s => s.Served) >= 40 * 0.6, $"recovered to only {recovered.Average(s => s.Served):0.0}/s of 40/s");
    }

    [Fact]
    public void An_invalid_ceiling_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IamRateController(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IamRateController(double.PositiveInfinity, 0));
    }
}
