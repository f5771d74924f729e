using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// Records events.k8s.io/v1 Events on a resource (what <c>kubectl describe</c> shows). Recording is best effort:
/// a failure never fails the caller (the CRD-only test apiserver does not serve Events at all, RBAC may forbid them).
/// Identical Events within <see cref="EventRecorderOptions.RepeatWindow"/> are sent once. Failures are logged once per
/// Event reason and cause, then counted and summarised at most once per window: when Events cannot be recorded at all,
/// every reconcile would otherwise log one warning with a stack trace.
/// An Event is recorded in the namespace of the object it regards; one about a cluster-scoped object, which has none,
/// goes to <see cref="ClusterScopedEventNamespace"/> as client-go's recorders and kubectl do (its <c>regarding</c> has no namespace).
/// </summary>
public sealed partial class EventRecorder(IKubernetesApi api, EventRecorderOptions options, TimeProvider time, ILogger<EventRecorder> logger)
{
    // events.k8s.io/v1 validation limits.
    private const int MaxNoteBytes = 1024;
    private const int MaxReasonLength = 128;

    /// <summary>Where Events about cluster-scoped objects go: client-go's <c>metav1.NamespaceDefault</c>.</summary>
    public const string ClusterScopedEventNamespace = "default";

    private readonly Lock gate = new();
    private readonly Dictionary<(string Uid, string Type, string Reason, string Note), DateTimeOffset> recent = [];
    private readonly Dictionary<(string Reason, string Cause), FailureTally> failures = [];

    /// <summary>Records an Event about <paramref name="regarding"/>; <paramref name="action"/> is what was done (e.g. Reconcile, Delete).</summary>
    public async Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string note, string action, CancellationToken cancellationToken)
    {
        var metadata = regarding.Metadata;
        var now = time.GetUtcNow();
        var text = Truncate(note);
        if (IsRepeat((metadata.Uid ?? $"{metadata.NamespaceProperty}/{metadata.Name}", type, reason, text), now))
        {
            return;
        }

        var @event = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                // client-go names Events <object>.<unique hex suffix>.
                Name = $"{metadata.Name}.{now.UtcTicks.ToString("x", CultureInfo.InvariantCulture)}{Random.Shared.Next(0x1000):x3}",
                NamespaceProperty = string.IsNullOrEmpty(metadata.NamespaceProperty) ? ClusterScopedEventNamespace : metadata.NamespaceProperty,
            },
            EventTime = now.UtcDateTime,
            Type = type,
            Reason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason,
            Note = text,
            Action = action,
            ReportingController = options.ReportingController,
            ReportingInstance = options.ReportingInstance,
            Regarding = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Name = metadata.Name,
                NamespaceProperty = metadata.NamespaceProperty,
                Uid = metadata.Uid,
                ResourceVersion = metadata.ResourceVersion,
            },
        };

        try
        {
            await api.CreateEventAsync(@event, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            NoteFailure(@event, regarding.Kind, e, now);
        }
    }

    private void NoteFailure(Eventsv1Event @event, string kind, Exception error, DateTimeOffset now)
    {
        var cause = error is KubernetesApiException api ? $"{api.StatusCode} {api.Reason}".TrimEnd() : error.GetType().Name;
        var reason = @event.Reason;
        bool first;
        var summarised = 0;
        var since = now;
        lock (gate)
        {
            first = !failures.TryGetValue((reason, cause), out var tally);
            if (first)
            {
                failures[(reason, cause)] = new FailureTally(now);
            }
            else
            {
                tally!.Count++;
                if (now - tally.Since >= options.RepeatWindow)
                {
                    (summarised, since) = (tally.Count, tally.Since);
                    (tally.Count, tally.Since) = (0, now);
                }
            }
        }

        var regarding = @event.Regarding;
        if (first)
        {
            LogFirstFailure(@event.Type, reason, kind, regarding.NamespaceProperty, regarding.Name, cause, error.Message, options.RepeatWindow);
        }
        else if (summarised > 0)
        {
            LogFailures(summarised, @event.Type, reason, now - since, cause, error.Message, kind, regarding.NamespaceProperty, regarding.Name);
        }
    }

    private bool IsRepeat((string, string, string, string) key, DateTimeOffset now)
    {
        lock (gate)
        {
            foreach (var stale in recent.Where(r => now - r.Value >= options.RepeatWindow).Select(r => r.Key).ToList())
            {
                recent.Remove(stale);
            }

            if (recent.ContainsKey(key))
            {
                return true;
            }

            recent[key] = now;
            return false;
        }
    }

    private static string Truncate(string note)
    {
        if (Encoding.UTF8.GetByteCount(note) <= MaxNoteBytes)
        {
            return note;
        }

        const int budget = MaxNoteBytes - 3;
        var end = Math.Min(note.Length, budget);
        while (Encoding.UTF8.GetByteCount(note.AsSpan(0, end)) > budget)
        {
            end--;
        }

        if (end > 0 && char.IsHighSurrogate(note[end - 1]))
        {
            end--;
        }

        return string.Concat(note.AsSpan(0, end), "...");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Type} Event {Reason} on {Kind} {Namespace}/{Name} ({Cause}: {Error}); carrying on. "
        + "Further {Reason} Events failing alike are counted and reported at most every {Interval}")]
    private partial void LogFirstFailure(string type, string reason, string kind, string? @namespace, string name, string cause, string error, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} more {Type} Events {Reason} in the last {Elapsed} ({Cause}: {Error}); the latest on {Kind} {Namespace}/{Name}")]
    private partial void LogFailures(int count, string type, string reason, TimeSpan elapsed, string cause, string error, string kind, string? @namespace, string name);

    /// <summary>Failures of one Event reason and cause since <see cref="Since"/> that no log line reported yet.</summary>
    private sealed class FailureTally(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; set; } = since;
        public int Count { get; set; }
    }
}
