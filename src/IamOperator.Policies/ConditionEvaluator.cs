using System.Globalization;
using System.Net;

namespace IamOperator.Policies;

/// <summary>
/// Decides a statement's <c>Condition</c> block against a request context, as "IAM JSON policy elements:
/// Condition operators" and "Condition" describe it: every clause must hold (AND across operators and keys),
/// a clause holds when a request value matches one of its values (OR across values), keys are matched
/// case-insensitively and values as each operator says.
/// </summary>
internal static class ConditionEvaluator
{
    private static readonly Dictionary<string, string> Negated = new(StringComparer.Ordinal)
    {
        ["StringNotEquals"] = "StringEquals",
        ["StringNotEqualsIgnoreCase"] = "StringEqualsIgnoreCase",
        ["StringNotLike"] = "StringLike",
        ["NumericNotEquals"] = "NumericEquals",
        ["DateNotEquals"] = "DateEquals",
        ["NotIpAddress"] = "IpAddress",
        ["ArnNotEquals"] = "ArnEquals",
        ["ArnNotLike"] = "ArnLike",
    };

    public static bool Holds(IEnumerable<ConditionClause> clauses, string version, RequestScope scope)
    {
        // Every clause is looked at, so that each missing key is reported, not only the first.
        var holds = true;
        foreach (var clause in clauses) holds &= Holds(clause, version, scope);
        return holds;
    }

    private static bool Holds(ConditionClause clause, string version, RequestScope scope)
    {
        // The parser admits only known operators; an unknown one (a model built by hand) never holds.
        if (ConditionOperators.Split(clause.Operator) is not var (qualifier, baseName, ifExists)) return false;
        if (baseName == "Null") return NullHolds(clause, scope);

        var requestValues = scope.Values(clause.Key);
        if (requestValues is null)
        {
            // "If the key ... is not present in the request context, the values do not match and the condition
            // is false"; a negated operator is then true; IfExists and ForAllValues hold for an absent key.
            return ifExists || qualifier == "ForAllValues:" || (qualifier != "ForAnyValue:" && Negated.ContainsKey(baseName));
        }

        var negated = Negated.TryGetValue(baseName, out var positive);
        var comparison = positive ?? baseName;
        var substitutes = comparison.StartsWith("String", StringComparison.Ordinal) || comparison.StartsWith("Arn", StringComparison.Ordinal);
        var policyValues = clause.Values
            .Select(v => substitutes ? PolicyVariables.Substitute(v, version, scope) : v)
            .OfType<string>()
            .ToList();
        bool Matches(string requestValue) => policyValues.Any(v => Compare(comparison, v, requestValue));
        bool Fits(string requestValue) => negated ? !Matches(requestValue) : Matches(requestValue);

        return qualifier switch
        {
            "ForAllValues:" => requestValues.All(Fits),
            "ForAnyValue:" => requestValues.Any(Fits),
            // Without a set operator a negated operator asks that no request value match.
            _ => negated ? requestValues.All(Fits) : requestValues.Any(Fits),
        };
    }

    private static bool NullHolds(ConditionClause clause, RequestScope scope)
    {
        var absent = scope.Values(clause.Key, report: false) is null;
        return clause.Values.Any(v => bool.TryParse(v, out var expectAbsent) && expectAbsent == absent);
    }

    private static bool Compare(string op, string policyValue, string requestValue) => op switch
    {
        "StringEquals" => string.Equals(PolicyVariables.Plain(policyValue), requestValue, StringComparison.Ordinal),
        "StringEqualsIgnoreCase" => string.Equals(PolicyVariables.Plain(policyValue), requestValue, StringComparison.OrdinalIgnoreCase),
        "StringLike" => IamWildcard.Matches(policyValue, PolicyVariables.Literal(requestValue), StringComparison.Ordinal),
        "NumericEquals" => Numbers(policyValue, requestValue) is var (p, r) && r == p,
        "NumericLessThan" => Numbers(policyValue, requestValue) is var (p, r) && r < p,
        "NumericLessThanEquals" => Numbers(policyValue, requestValue) is var (p, r) && r <= p,
        "NumericGreaterThan" => Numbers(policyValue, requestValue) is var (p, r) && r > p,
        "NumericGreaterThanEquals" => Numbers(policyValue, requestValue) is var (p, r) && r >= p,
        "DateEquals" => Dates(policyValue, requestValue) is var (p, r) && r == p,
        "DateLessThan" => Dates(policyValue, requestValue) is var (p, r) && r < p,
        "DateLessThanEquals" => Dates(policyValue, requestValue) is var (p, r) && r <= p,
        "DateGreaterThan" => Dates(policyValue, requestValue) is var (p, r) && r > p,
        "DateGreaterThanEquals" => Dates(policyValue, requestValue) is var (p, r) && r >= p,
        "Bool" => bool.TryParse(policyValue, out var pb) && bool.TryParse(requestValue, out var rb) && pb == rb,
        "BinaryEquals" => string.Equals(policyValue, requestValue, StringComparison.Ordinal),
        "IpAddress" => InRange(policyValue, requestValue),
        // ArnEquals and ArnLike are the same match: segment-wise, wildcards allowed in both.
        "ArnEquals" or "ArnLike" => PatternCoverage.ArnMatches(policyValue, PolicyVariables.Literal(requestValue)),
        _ => false,
    };

    private static (decimal Policy, decimal Request)? Numbers(string policyValue, string requestValue) =>
        decimal.TryParse(policyValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
        && decimal.TryParse(requestValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? (p, r) : null;

    // IAM accepts W3C ISO 8601 dates and epoch (UNIX) time in seconds.
    private static (DateTimeOffset Policy, DateTimeOffset Request)? Dates(string policyValue, string requestValue) =>
        Date(policyValue) is { } p && Date(requestValue) is { } r ? (p, r) : null;

    private static DateTimeOffset? Date(string text)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            return seconds is >= -62_135_596_800 and <= 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    // A policy value is a CIDR block (RFC 4632); a bare address is taken as the block of that one address.
    private static bool InRange(string policyValue, string requestValue)
    {
        if (!IPAddress.TryParse(requestValue, out var address)) return false;
        if (IPNetwork.TryParse(policyValue, out var network)) return network.Contains(address);
        return IPAddress.TryParse(policyValue, out var single) && single.Equals(address);
    }
}
