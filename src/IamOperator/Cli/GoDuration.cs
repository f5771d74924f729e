using System.Globalization;

namespace IamOperator.Cli;

/// <summary>
/// Durations as Kubernetes and Go tools write them (<c>30s</c>, <c>10m</c>, <c>1h30m</c>, <c>250ms</c>,
/// <c>1.5h</c>; Go's <c>time.ParseDuration</c> grammar and units ns, us/µs, ms, s, m, h), and .NET's
/// <c>[-][d.]hh:mm:ss[.fffffff]</c> that earlier versions documented. The one parser of every duration
/// flag and duration setting.
/// </summary>
public static class GoDuration
{
    /// <summary>What a user may write, for error messages.</summary>
    public const string Accepted = "a duration such as 30s, 10m, 1h30m, 1.5h or 250ms (or hh:mm:ss)";

    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        // The .NET form needs a ':' so that a bare "10" is an error (Go requires a unit) rather than ten days.
        if (text.Contains(':')) return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);

        var negative = text[0] == '-';
        var rest = text[0] is '-' or '+' ? text[1..] : text;
        if (rest == "0") return true;
        if (rest.Length == 0) return false;

        decimal ticks = 0;
        var i = 0;
        while (i < rest.Length)
        {
            var start = i;
            while (i < rest.Length && (char.IsAsciiDigit(rest[i]) || rest[i] == '.')) i++;
            var number = rest[start..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1) return false;
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;

            var unitStart = i;
            while (i < rest.Length && !char.IsAsciiDigit(rest[i]) && rest[i] != '.') i++;
            var unit = rest[unitStart..i];
            var factor = Array.Find(Units, u => u.Unit == unit).Ticks;
            if (factor == 0) return false;
            try
            {
                ticks += value * factor;
            }
            catch (OverflowException)
            {
                return false;
            }
            if (ticks > TimeSpan.MaxValue.Ticks) return false;
        }
        var whole = (long)decimal.Truncate(ticks);
        duration = TimeSpan.FromTicks(negative ? -whole : whole);
        return true;
    }

    /// <summary>
    /// A duration setting or flag: Go or hh:mm:ss form, never negative (every duration here is a
    /// period or a timeout). Null error means <paramref name="duration"/> holds the value.
    /// </summary>
    public static string? TryParseSetting(string name, string? text, out TimeSpan duration)
    {
        if (!TryParse(text, out duration)) return $"{name} must be {Accepted}, got '{text}'.";
        if (duration < TimeSpan.Zero) return $"{name} must not be negative, got '{text}'.";
        return null;
    }

    /// <summary>Go's own format (<c>1h30m0s</c>, <c>250ms</c>, <c>0s</c>), for messages and defaults shown to people.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero) return "0s";
        var sign = duration < TimeSpan.Zero ? "-" : "";
        var d = duration.Duration();
        if (d < TimeSpan.FromSeconds(1))
        {
            return sign + (d.Ticks % TimeSpan.TicksPerMillisecond == 0
            ? $"{d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"
            : $"{(d.Ticks / 10m).ToString(CultureInfo.InvariantCulture)}us");
        }

        var seconds = (d.Ticks % TimeSpan.TicksPerMinute / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        var hours = d.Ticks / TimeSpan.TicksPerHour;
        return hours > 0 ? $"{sign}{hours}h{d.Minutes}m{seconds}s"
            : d.Minutes > 0 ? $"{sign}{d.Minutes}m{seconds}s"
            : $"{sign}{seconds}s";
    }
}
