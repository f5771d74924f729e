using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IamOperator.Policies;

/// <summary>
/// Writes the canonical form: compact JSON in which every equivalence listed in docs/policies.md is
/// applied, so documents that mean the same produce the same text. Each rewrite below names its source.
/// </summary>
internal static partial class CanonicalPolicyWriter
{
    public static string Write(PolicyDocument document)
    {
        var json = new StringBuilder();
        json.Append('{');
        Property(json, "Version", document.EffectiveVersion);
        if (document.Id is not null) { json.Append(','); Property(json, "Id", document.Id); }
        json.Append(",\"Statement\":[");
        // Statement order and repeats do not change evaluation: every Deny and every Allow is looked at
        // ("Policy evaluation logic": any applicable explicit deny wins, else any applicable allow).
        var statements = document.Statements.Select(Statement).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        json.AppendJoin(',', statements);
        json.Append("]}");
        return json.ToString();
    }

    private static string Statement(PolicyStatement statement)
    {
        var json = new StringBuilder();
        json.Append('{');
        if (statement.Sid is not null) { Property(json, "Sid", statement.Sid); json.Append(','); }
        Property(json, "Effect", statement.Effect.ToString());
        if (statement.Principal is { } principal)
        {
            json.Append(',');
            Name(json, principal.ElementName);
            Principal(json, principal);
        }
        json.Append(',');
        Name(json, statement.Action.ElementName);
        // "The prefix and the action name are case insensitive" (IAM JSON policy elements: Action).
        Values(json, statement.Action.Actions.Select(a => a.ToLowerInvariant()));
        if (statement.Resource is { } resource)
        {
            json.Append(',');
            Name(json, resource.ElementName);
            Values(json, resource.Resources);
        }
        if (statement.Conditions.Count > 0)
        {
            json.Append(",\"Condition\":");
            Conditions(json, statement.Conditions);
        }
        json.Append('}');
        return json.ToString();
    }

    private static void Principal(StringBuilder json, PrincipalBlock principal)
    {
        var entries = principal.Entries
            .Select(e => (e.Type, Ids: e.Identifiers.Select(id => e.Type == PrincipalTypes.Aws ? AccountPrincipal(id) : id)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(e => e.Type, StringComparer.Ordinal)
            .ToList();
        // "For anonymous users, the following elements are equivalent: "Principal": "*" and
        // "Principal": { "AWS": "*" }" (AWS JSON policy elements: Principal, All principals).
        if (principal.IsWildcard || entries is [{ Type: PrincipalTypes.Aws, Ids: ["*"] }])
        {
            String(json, "*");
            return;
        }
        json.Append('{');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0) json.Append(',');
            Name(json, entries[i].Type);
            Values(json, entries[i].Ids);
        }
        json.Append('}');
    }

    // "The account ARN and the shortened account ID behave the same way ... the service might convert it
    // to the principal ARN" (AWS JSON policy elements: Principal, AWS account principals). A policy lives
    // in one partition, so the root ARN of any partition is written as the bare account ID.
    private static string AccountPrincipal(string id) =>
        AccountRootArn().Match(id) is { Success: true } match ? match.Groups["account"].Value : id;

    private static void Conditions(StringBuilder json, IEnumerable<ConditionClause> clauses)
    {
        // Operators and the keys under one operator are ANDed, the values of one key ORed (NORed when
        // negated): none of them is ordered, and a repeated value adds nothing ("Conditions with multiple
        // context keys or values"). "Condition key names are not case-sensitive" (IAM JSON policy
        // elements: Condition), so keys are written in lower case, except identity provider keys.
        var byOperator = clauses
            .GroupBy(c => c.Operator, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        json.Append('{');
        var firstOperator = true;
        foreach (var group in byOperator)
        {
            if (!firstOperator) json.Append(',');
            firstOperator = false;
            Name(json, group.Key);
            json.Append('{');
            var firstKey = true;
            foreach (var clause in group.OrderBy(c => ConditionKey(c.Key), StringComparer.Ordinal))
            {
                if (!firstKey) json.Append(',');
                firstKey = false;
                Name(json, ConditionKey(clause.Key));
                Values(json, clause.Values);
            }
            json.Append('}');
        }
        json.Append('}');
    }

    // Keys named after an identity provider (oidc.eks.<region>.amazonaws.com/id/<ID>:sub,
    // token.actions.githubusercontent.com:sub) are sent as written: STS derives them from the provider
    // URL, and keeping their case can cost at most one write, while changing it would put IRSA trust at
    // the mercy of how STS compares them.
    private static string ConditionKey(string key)
    {
        var prefixEnd = key.IndexOf(':', StringComparison.Ordinal);
        var prefix = prefixEnd < 0 ? key : key[..prefixEnd];
        return prefix.Contains('.', StringComparison.Ordinal) || prefix.Contains('/', StringComparison.Ordinal) ? key : key.ToLowerInvariant();
    }

    // One value is written as a string, several as an array: "If the element takes an array but only
    // one value is included, the brackets are optional" (Grammar of the IAM JSON policy language).
    private static void Values(StringBuilder json, IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count == 1)
        {
            String(json, distinct[0]);
            return;
        }
        json.Append('[');
        for (var i = 0; i < distinct.Count; i++)
        {
            if (i > 0) json.Append(',');
            String(json, distinct[i]);
        }
        json.Append(']');
    }

    private static void Property(StringBuilder json, string name, string value)
    {
        Name(json, name);
        String(json, value);
    }

    private static void Name(StringBuilder json, string name)
    {
        String(json, name);
        json.Append(':');
    }

    // Escapes only what JSON requires, so the text stays short and IAM counts what we count.
    private static void String(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }

    [GeneratedRegex(@"^arn:[a-z0-9-]+:iam::(?<account>\d{12}):root$")]
    private static partial Regex AccountRootArn();
}
