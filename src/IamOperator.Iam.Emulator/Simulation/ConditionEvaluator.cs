using System.Globalization;
using System.Net;

namespace IamOperator.Iam.Emulator.Simulation;

/// <summary>
/// Condition operators as https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
/// documents them, with the <c>…IfExists</c> suffix and the <c>ForAnyValue:</c>/<c>ForAllValues:</c> set prefixes
/// (reference_policies_condition-single-vs-multi-valued-context-keys.html). Values within one clause are ORed;
/// a negated operator holds when no value matches.
/// </summary>
/// <remarks>
/// A key absent from the context: "the values do not match and the condition is false. If the policy condition
/// requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
/// condition is true. This logic applies to all condition operators except ...IfExists and Null check"
/// (reference_policies_elements_condition_operators.html). Every clause but <c>Null</c> that reads an absent key
/// reports it as a missing context value, whatever it comes to: supplying the key may change the decision.
/// </remarks>
internal static class ConditionEvaluator
{
    private static readonly Dictionary<string, (string Positive, bool Negated)> Operators = new(StringComparer.Ordinal)
    {
        ["StringEquals"] = ("StringEquals", false),
        ["StringNotEquals"] = ("StringEquals", true),
        ["StringEqualsIgnoreCase"] = ("StringEqualsIgnoreCase", false),
        ["StringNotEqualsIgnoreCase"] = ("StringEqualsIgnoreCase", true),
        ["StringLike"] = ("StringLike", false),
        ["StringNotLike"] = ("StringLike", true),
        ["NumericEquals"] = ("NumericEquals", false),
        ["NumericNotEquals"] = ("NumericEquals", true),
        ["NumericLessThan"] = ("NumericLessThan", false),
        ["NumericLessThanEquals"] = ("NumericLessThanEquals", false),
        ["NumericGreaterThan"] = ("NumericGreaterThan", false),
        ["NumericGreaterThanEquals"] = ("NumericGreaterThanEquals", false),
        ["DateEquals"] = ("DateEquals", false),
        ["DateNotEquals"] = ("DateEquals", true),
        ["DateLessThan"] = ("DateLessThan", false),
        ["DateLessThanEquals"] = ("DateLessThanEquals", false),
        ["DateGreaterThan"] = ("DateGreaterThan", false),
        ["DateGreaterThanEquals"] = ("DateGreaterThanEquals", false),
        ["Bool"] = ("Bool", false),
        ["BinaryEquals"] = ("BinaryEquals", false),
        ["IpAddress"] = ("IpAddress", false),
        ["NotIpAddress"] = ("IpAddress", true),
        ["ArnEquals"] = ("ArnLike", false),
        ["ArnLike"] = ("ArnLike", false),
        ["ArnNotEquals"] = ("ArnLike", true),
        ["ArnNotLike"] = ("ArnLike", true),
    };

    /// <summary>
    /// Whether the clause holds; keys it reads that the context lacks (the clause's key, or a policy variable in its
    /// values, when <paramref name="variables"/> says the policy's language has them) go to <paramref name="missing"/>. Throws <see cref="PolicyEvaluationException"/> for an operator or
    /// policy value IAM could not evaluate.
    /// </summary>
    public static bool Holds(ConditionClause clause, SimulationContext context, bool variables, ICollection<string> missing)
    {
        var name = clause.Operator;
        var set = name.StartsWith("ForAnyValue:", StringComparison.Ordinal) ? "ForAnyValue"
            : name.StartsWith("ForAllValues:", StringComparison.Ordinal) ? "ForAllValues"
            : null;
        if (set is not null)
        {
            name = name[(set.Length + 1)..];
        }

        var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal) && name != "IfExists";
        if (ifExists)
        {
            name = name[..^"IfExists".Length];
        }

        var present = context.Find(clause.Key);
        if (name == "Null" && set is null && !ifExists)
        {
            var wantsMissing = clause.Values.Select(value => value.ToLowerInvariant()).ToList();
            if (wantsMissing.Any(value => value is not ("true" or "false")))
            {
                throw new PolicyEvaluationException($"Condition Null on {clause.Key} needs true or false.");
            }

            return wantsMissing.Contains(present is null ? "true" : "false");
        }

        if (!Operators.TryGetValue(name, out var definition))
        {
            throw new PolicyEvaluationException($"The condition operator {clause.Operator} is not supported.");
        }

        if (present is null || present.Values.Count == 0)
        {
            missing.Add(clause.Key);
            // ForAnyValue asks for a value that fits, and there is none, even under a negated operator.
            return ifExists || set == "ForAllValues" || (set is null && definition.Negated);
        }

        var policyValues = clause.Values.Select(value => context.Substitute(value, variables, missing)).OfType<string>().ToList();
        bool Satisfies(string contextValue)
        {
            var anyMatch = policyValues.Any(policyValue => Positive(definition.Positive, clause, policyValue, contextValue));
            return definition.Negated ? !anyMatch : anyMatch;
        }

        return set switch
        {
            "ForAllValues" => present.Values.All(Satisfies),
            "ForAnyValue" => present.Values.Any(Satisfies),
            // A single-valued operator over a multivalued key: a positive one needs some value to match,
            // a negated one needs every value to stay clear of the policy's values.
            _ => definition.Negated ? present.Values.All(Satisfies) : present.Values.Any(Satisfies),
        };
    }

    private static bool Positive(string operation, ConditionClause clause, string policyValue, string contextValue)
    {
        var literal = Plain(policyValue);
        return operation switch
        {
            "StringEquals" => string.Equals(literal, contextValue, StringComparison.Ordinal),
            "StringEqualsIgnoreCase" => string.Equals(literal, contextValue, StringComparison.OrdinalIgnoreCase),
            "StringLike" => Glob.Matches(policyValue, contextValue, ignoreCase: false),
            "ArnLike" => Glob.MatchesArn(policyValue, contextValue),
            "Bool" => string.Equals(Boolean(clause, literal), contextValue, StringComparison.OrdinalIgnoreCase),
            "BinaryEquals" => string.Equals(literal, contextValue, StringComparison.Ordinal),
            "IpAddress" => Network(clause, literal).Contains(Address(contextValue)),
            _ when operation.StartsWith("Numeric", StringComparison.Ordinal) => Compare(operation["Numeric".Length..], Number(clause, literal).CompareTo(Number(clause, contextValue))),
            _ => Compare(operation["Date".Length..], Date(clause, literal).CompareTo(Date(clause, contextValue))),
        };
    }

    /// <summary><paramref name="policyVersusContext"/> compares the policy's value with the request's.</summary>
    private static bool Compare(string relation, int policyVersusContext) => relation switch
    {
        "Equals" => policyVersusContext == 0,
        "LessThan" => policyVersusContext > 0,
        "LessThanEquals" => policyVersusContext >= 0,
        "GreaterThan" => policyVersusContext < 0,
        _ => policyVersusContext <= 0,
    };

    private static string Plain(string value) => value.Replace(Glob.LiteralStar, '*').Replace(Glob.LiteralQuestionMark, '?');

    private static string Boolean(ConditionClause clause, string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw new PolicyEvaluationException($"Condition {clause.Operator} on {clause.Key} has the value {value}, which is not a boolean.");

    private static decimal Number(ConditionClause clause, string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new PolicyEvaluationException($"Condition {clause.Operator} on {clause.Key} has the value {value}, which is not a number.");

    private static DateTimeOffset Date(ConditionClause clause, string value) =>
        SimulationContext.ParseDate(value)
            ?? throw new PolicyEvaluationException($"Condition {clause.Operator} on {clause.Key} has the value {value}, which is not a date.");

    private static IPNetwork Network(ConditionClause clause, string value)
    {
        var cidr = value.Contains('/', StringComparison.Ordinal) ? value
            : IPAddress.TryParse(value, out var single) ? $"{value}/{(single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)}"
            : value;
        return IPNetwork.TryParse(cidr, out var network)
            ? network
            : throw new PolicyEvaluationException($"Condition {clause.Operator} on {clause.Key} has the value {value}, which is not an IP address or CIDR range.");
    }

    private static IPAddress Address(string value) => IPAddress.TryParse(value, out var address) ? address : IPAddress.None;
}

/// <summary>A policy the simulator cannot evaluate; IAM answers it with the PolicyEvaluation error.</summary>
internal sealed class PolicyEvaluationException(string message) : Exception(message);
