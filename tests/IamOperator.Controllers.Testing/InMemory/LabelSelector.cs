using System.Text.Json.Nodes;

namespace IamOperator.Controllers.InMemory;

/// <summary>
/// An equality-based label selector as the apiserver reads <c>labelSelector</c>: comma-separated terms, each
/// <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, <c>key</c> (exists) or <c>!key</c> (does not exist); all must hold
/// (<see href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors">Labels and selectors</see>).
/// Set-based terms (<c>in</c>, <c>notin</c>) are not supported here and are refused with 400 rather than misread.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Term> terms;

    private LabelSelector(IReadOnlyList<Term> terms) => this.terms = terms;

    public static LabelSelector Parse(string? selector)
    {
        var terms = new List<Term>();
        foreach (var raw in (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains('(', StringComparison.Ordinal))
            {
                throw new KubernetesApiException(400, "BadRequest", $"unable to parse requirement: set-based label selector \"{raw}\" is not supported by the in-memory API");
            }

            terms.Add(raw switch
            {
                _ when raw.StartsWith('!') => new Term(raw[1..].Trim(), Operator.DoesNotExist, null),
                _ when raw.Contains("!=", StringComparison.Ordinal) => Split(raw, "!=", Operator.NotEquals),
                _ when raw.Contains("==", StringComparison.Ordinal) => Split(raw, "==", Operator.Equals),
                _ when raw.Contains('=', StringComparison.Ordinal) => Split(raw, "=", Operator.Equals),
                _ => new Term(raw, Operator.Exists, null),
            });
        }

        return new LabelSelector(terms);
    }

    /// <summary>Whether an object (its JSON form) carries labels this selector selects.</summary>
    public bool Matches(JsonObject resource)
    {
        var labels = resource["metadata"]?["labels"] as JsonObject;
        return terms.All(term =>
        {
            var value = labels?[term.Key] is { } node ? (string?)node : null;
            return term.Operator switch
            {
                Operator.Equals => value == term.Value,
                Operator.NotEquals => value != term.Value,
                Operator.Exists => value is not null,
                _ => value is null,
            };
        });
    }

    private static Term Split(string raw, string separator, Operator op)
    {
        var at = raw.IndexOf(separator, StringComparison.Ordinal);
        return new Term(raw[..at].Trim(), op, raw[(at + separator.Length)..].Trim());
    }

    private enum Operator
    {
        Equals,
        NotEquals,
        Exists,
        DoesNotExist,
    }

    private sealed record Term(string Key, Operator Operator, string? Value);
}
