using System.Collections.Concurrent;
using IamOperator.Resources;
using k8s;
using k8s.Models;

namespace IamOperator.Operator;

/// <summary>
/// The informers' transform: one instance of each string that thousands of cached resources repeat. Every watch event
/// is deserialized into fresh strings, so 10,000 resources held 10,000 copies of each apiVersion, kind, namespace and
/// finalizer, 30,000 condition types, statuses and reasons, 6,000 copies of each user hygiene warning, and three copies
/// of each resource's condition message (the three conditions of a resource carry one message). Only values from
/// small sets are pooled, in a pool of at most <see cref="MaxPooled"/> entries, so a stream of distinct values
/// (hand-written statuses) cannot grow it; messages, which differ per resource, are only shared within their resource.
/// </summary>
public sealed class SharedStrings
{
    /// <summary>More distinct small-set values than any cluster has (kinds, namespaces, reasons); past it values stay as they are.</summary>
    public const int MaxPooled = 4096;

    private readonly ConcurrentDictionary<string, string> pool = new(StringComparer.Ordinal);

    /// <summary>How many distinct values are pooled.</summary>
    public int Count => pool.Count;

    /// <summary>Replaces the resource's repeated strings by shared instances, in place; every value stays equal.</summary>
    public void Share(IKubernetesObject<V1ObjectMeta> resource)
    {
        resource.ApiVersion = Pooled(resource.ApiVersion);
        resource.Kind = Pooled(resource.Kind);
        if (resource.Metadata is { } metadata)
        {
            metadata.NamespaceProperty = Pooled(metadata.NamespaceProperty);
            if (metadata.Finalizers is { IsReadOnly: false } finalizers)
            {
                for (var i = 0; i < finalizers.Count; i++)
                {
                    finalizers[i] = Pooled(finalizers[i])!;
                }
            }
        }

        if (resource is IIamResource { Status: { } status })
        {
            // Warnings are fixed texts ("NoMfa: ...", "DirectUserPolicies: ...") and the last plan of a resource in sync
            // is "no changes": thousands of users carry the same few.
            status.LastPlan = Pooled(status.LastPlan);
            if (status.Warnings is { } warnings)
            {
                for (var i = 0; i < warnings.Count; i++)
                {
                    warnings[i] = Pooled(warnings[i])!;
                }
            }
        }

        if (resource is IIamResource { Status.Conditions: { } conditions })
        {
            string? message = null;
            foreach (var condition in conditions)
            {
                condition.Type = Pooled(condition.Type);
                condition.Status = Pooled(condition.Status);
                condition.Reason = Pooled(condition.Reason);
                if (condition.Message is { } text)
                {
                    message = string.Equals(message, text, StringComparison.Ordinal) ? message : text;
                    condition.Message = message;
                }
            }
        }
    }

    private string? Pooled(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return pool.Count >= MaxPooled ? value : pool.GetOrAdd(value, value);
    }
}
