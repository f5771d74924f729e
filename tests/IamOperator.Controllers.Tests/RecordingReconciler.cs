using System.Collections.Concurrent;

namespace IamOperator.Controllers.Tests;

/// <summary>A reconciler double: records every call and answers with a programmable handler (success by default).</summary>
internal sealed class RecordingReconciler : IReconciler<Widget>
{
    public ConcurrentQueue<(Widget Resource, ReconcileTrigger Trigger)> Calls { get; } = new();

    public Func<Widget, ReconcileTrigger, CancellationToken, Task<ReconcileResult>> Handler { get; set; } =
        (_, _, _) => Task.FromResult(ReconcileResult.Success());

    public int CallsFor(string name) => Calls.Count(c => c.Resource.Metadata.Name == name);

    public Task<ReconcileResult> ReconcileAsync(Widget resource, ReconcileTrigger trigger, CancellationToken cancellationToken)
    {
        Calls.Enqueue((resource, trigger));
        return Handler(resource, trigger, cancellationToken);
    }
}
