using IamOperator.Controllers;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;
using IamOperator.Resources.Dependencies;
using Microsoft.Extensions.Logging;

namespace IamOperator.Operator;

/// <summary>
/// Keeps the <see cref="DependencyIndex"/> in step with the informer caches and wakes dependents at once when a
/// dependency is created, changes what dependents see of it (usable, ARN, IAM name, path) or is deleted, so a dependent
/// never waits on a timer for its dependency, nor stays Ready while what it references is gone. A group or policy
/// applied at a new generation (what it grants may have changed) wakes the principals it reaches that declare
/// spec.accessChecks, so their AccessVerified condition follows a change they did not make themselves. Declarations
/// of the account's one password policy judge each other instead of referencing (<see cref="TrackAccountPasswordPolicies"/>).
/// </summary>
public sealed partial class DependencyTracker(ILogger<DependencyTracker> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, IController> controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, string, IIamResource?>> caches = new(StringComparer.Ordinal);
    private DependencyIndex index = DependencyIndex.Empty;

    /// <summary>The index now: an immutable value, safe to read from any thread.</summary>
    public DependencyIndex Index => Volatile.Read(ref index);

    /// <summary>Indexes the controller's cache and enqueues into it; call for every kind before the controllers run.</summary>
    public void Track<T>(Controller<T> controller)
        where T : class, IIamResource
    {
        lock (gate)
        {
            controllers[controller.Kind.Kind] = controller;
            caches[controller.Kind.Kind] = (ns, name) => controller.Informer.Get(ns, name);
        }

        controller.Informer.Changed += OnChanged;
    }

    /// <summary>
    /// IamAccountPasswordPolicy declarations decide among themselves which one owns the account (the one created first;
    /// a later one stalls naming it, AccountPasswordPolicyPlanner.ConflictsOf), and a stalled one is not retried on a
    /// timer. So when one appears or is gone from the cache, every other is queued: the owner's departure lets the next
    /// one take the account at once.
    /// </summary>
    public void TrackAccountPasswordPolicies(Controller<IamAccountPasswordPolicy> controller)
    {
        controller.Informer.Changed += change =>
        {
            if (change.Type == CacheChangeType.Updated)
            {
                return; // who owns the account depends only on which declarations exist and when they were created
            }

            foreach (var other in controller.Informer.Items.Where(o => o.Metadata.Name != change.Object.Metadata.Name))
            {
                LogWakingDeclaration(other.Metadata.Name, change.Object.Metadata.Name, change.Type);
                controller.Enqueue(other.Metadata.NamespaceProperty ?? "", other.Metadata.Name, ReconcileTrigger.Watch);
            }
        };
    }

    /// <summary>Every reference that names the resource, by Kubernetes reference or by its IAM name or ARN.</summary>
    public IReadOnlyList<DependencyReference> DependentsOf(IIamResource dependency) => Index.DependentsOf(dependency);

    private void OnChanged<T>(CacheChange<T> change)
        where T : class, IIamResource
    {
        List<ObjectKey> wake;
        lock (gate)
        {
            index = change.Type == CacheChangeType.Deleted ? index.Without(ObjectKey.Of(change.Object)) : index.With(change.Object);
            wake = [];
            if (IsDependencyChange(change))
            {
                wake.AddRange(index.DependentsOf(change.Object).Select(r => r.Dependent));
                if (change.Previous is { } previous)
                {
                    wake.AddRange(index.DependentsOf(previous).Select(r => r.Dependent));
                }
            }
            else if (change.Previous is { } previous && GrantsMayHaveChanged(previous, change.Object))
            {
                // Only a principal that declares access checks has something to look at again: for any other, the
                // reconcile would find its own entity as declared and cost IAM reads for nothing.
                wake.AddRange(PrincipalsReachedFrom(change.Object).Where(DeclaresAccessChecks));
            }
        }

        foreach (var dependent in wake.Distinct())
        {
            LogWaking(dependent.ToString(), ObjectKey.Of(change.Object).ToString(), change.Type);
            IController? controller;
            lock (gate)
            {
                controller = controllers.GetValueOrDefault(dependent.Kind);
            }

            controller?.Enqueue(dependent.Namespace, dependent.Name, ReconcileTrigger.Dependency);
        }
    }

    /// <summary>Groups and policies are what others reference; only what dependents can see of them matters.</summary>
    private static bool IsDependencyChange<T>(CacheChange<T> change)
        where T : class, IIamResource =>
        change.Object is IamGroup or IamPolicy
        && (change.Type != CacheChangeType.Updated || change.Previous is null
            || DependencyIndex.StateOf(change.Previous) != DependencyIndex.StateOf(change.Object));

    /// <summary>
    /// A group or policy that became Ready at a newer generation has had its spec applied to IAM: what it grants (its
    /// policies, a policy's document) may differ, although dependents still see it usable under the same name and ARN.
    /// </summary>
    public static bool GrantsMayHaveChanged(IIamResource previous, IIamResource current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        return current is IamGroup or IamPolicy
            && current.Status.HasReadyCondition()
            && current.Status?.ObservedGeneration is { } applied
            && applied > (previous.Status?.ObservedGeneration ?? 0);
    }

    /// <summary>
    /// The principals whose permissions come through the dependency: its direct dependents, and for a policy also the
    /// members of the groups that attach it (groups hold no groups, so this is as deep as it goes).
    /// </summary>
    private IEnumerable<ObjectKey> PrincipalsReachedFrom(IIamResource dependency)
    {
        foreach (var direct in index.DependentsOf(dependency).Select(r => r.Dependent).Distinct())
        {
            yield return direct;
            if (direct.Kind == IamGroup.KindName && Find(direct) is { } group)
            {
                foreach (var member in index.DependentsOf(group).Select(r => r.Dependent)) yield return member;
            }
        }
    }

    private bool DeclaresAccessChecks(ObjectKey key) => Find(key) is { } resource && DesiredAccessCheck.Of(resource).Count > 0;

    private IIamResource? Find(ObjectKey key) => caches.GetValueOrDefault(key.Kind)?.Invoke(key.Namespace, key.Name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking {Dependent}: its dependency {Dependency} changed ({Change})")]
    private partial void LogWaking(string dependent, string dependency, CacheChangeType change);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking IamAccountPasswordPolicy {Declaration}: another declaration of the account's password policy, {Other}, was {Change}")]
    private partial void LogWakingDeclaration(string declaration, string other, CacheChangeType change);
}
