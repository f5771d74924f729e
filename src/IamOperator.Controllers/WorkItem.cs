namespace IamOperator.Controllers;

/// <summary>A key handed to a worker: why it was queued, when, and how many times it failed in a row before.</summary>
public sealed record WorkItem(QueueKey Key, ReconcileTrigger Trigger, DateTimeOffset QueuedAt, int Failures);
