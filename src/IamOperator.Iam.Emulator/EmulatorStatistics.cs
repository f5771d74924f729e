using System.Collections.Concurrent;

namespace IamOperator.Iam.Emulator;

/// <summary>
/// What clients asked for, counted as requests arrive (before authentication and faults), so a
/// test can assert "no writes" even when a write would have failed.
/// </summary>
public sealed class EmulatorStatistics
{
    private readonly ConcurrentDictionary<string, int> callsByAction = new(StringComparer.Ordinal);
    private int writeCalls;
    private int throttledCalls;

    /// <summary>Requests per action name as sent (unknown actions included).</summary>
    public IReadOnlyDictionary<string, int> CallsByAction => new Dictionary<string, int>(callsByAction, StringComparer.Ordinal);

    public int TotalCalls => callsByAction.Values.Sum();

    /// <summary>Requests for actions that change IAM state (Create*, Delete*, Put*, Attach*, Tag*, …).</summary>
    public int WriteCalls => Volatile.Read(ref writeCalls);

    /// <summary>Requests answered with <c>Throttling</c> by the injected throttle.</summary>
    public int ThrottledCalls => Volatile.Read(ref throttledCalls);

    public int CallsOf(string action) => callsByAction.GetValueOrDefault(action);

    public void Reset()
    {
        callsByAction.Clear();
        Interlocked.Exchange(ref writeCalls, 0);
        Interlocked.Exchange(ref throttledCalls, 0);
    }

    internal void RecordCall(string action, bool isWrite)
    {
        callsByAction.AddOrUpdate(action, 1, (_, count) => count + 1);
        if (isWrite)
        {
            Interlocked.Increment(ref writeCalls);
        }
    }

    internal void RecordThrottled() => Interlocked.Increment(ref throttledCalls);
}
