using System.Collections.Concurrent;

namespace IamOperator.Iam.Emulator;

/// <summary>
/// What clients asked for, counted as requests arrive (before authentication and faults), so a
/// test can assert "no writes" even when a write would have failed.
/// </summary>
public sealed class EmulatorStatistics
{
    private readonly ConcurrentDictionary<string, int> _callsByAction = new(StringComparer.Ordinal);
    private int _writeCalls;
    private int _throttledCalls;

    /// <summary>Requests per action name as sent (unknown actions included).</summary>
    public IReadOnlyDictionary<string, int> CallsByAction => new Dictionary<string, int>(_callsByAction, StringComparer.Ordinal);

    public int TotalCalls => _callsByAction.Values.Sum();

    /// <summary>Requests for actions that change IAM state (Create*, Delete*, Put*, Attach*, Tag*, …).</summary>
    public int WriteCalls => Volatile.Read(ref _writeCalls);

    /// <summary>Requests answered with <c>Throttling</c> by the injected throttle.</summary>
    public int ThrottledCalls => Volatile.Read(ref _throttledCalls);

    public int CallsOf(string action) => _callsByAction.GetValueOrDefault(action);

    public void Reset()
    {
        _callsByAction.Clear();
        Interlocked.Exchange(ref _writeCalls, 0);
        Interlocked.Exchange(ref _throttledCalls, 0);
    }

    internal void RecordCall(string action, bool isWrite)
    {
        _callsByAction.AddOrUpdate(action, 1, (_, count) => count + 1);
        if (isWrite)
        {
            Interlocked.Increment(ref _writeCalls);
        }
    }

    internal void RecordThrottled() => Interlocked.Increment(ref _throttledCalls);
}
