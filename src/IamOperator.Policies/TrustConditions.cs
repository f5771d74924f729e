using System.Text.RegularExpressions;

namespace IamOperator.Policies;

/// <summary>
/// Whether the <c>Condition</c> of a trust statement open to every principal really limits who may assume
/// the role. The clauses of a condition are ANDed, so one clause that names who is enough; the values of
/// one clause are ORed, so every value must name someone ("Conditions with multiple context keys or values").
/// A clause names who only when all of these hold:
/// <list type="bullet">
/// <item>its operator can be false for a caller that has the key: a positive string or ARN comparison
/// (<c>StringEquals</c>, <c>StringEqualsIgnoreCase</c>, <c>StringLike</c>, <c>ArnEquals</c>, <c>ArnLike</c>,
/// optionally <c>ForAnyValue:</c>). Negated operators are true for everyone but the few they list and for a
/// request without the key; <c>...IfExists</c> and <c>ForAllValues:</c> are true without the key; <c>Null</c>
/// only asks whether the key is there; <c>Bool</c>, <c>Numeric*</c>, <c>Date*</c>, <c>IpAddress</c> and
/// <c>BinaryEquals</c> say how, when or from where, which any caller in any account can meet (IAM User Guide,
/// "Condition operators": a missing key makes a condition false, except for the negated, IfExists and Null forms);</item>
/// <item>its key is one the caller cannot choose: the principal's or the calling service's account, organization
/// or ARN (<c>aws:PrincipalAccount</c>, <c>aws:PrincipalOrgID</c>, <c>aws:PrincipalOrgPaths</c>, <c>aws:PrincipalArn</c>,
/// <c>aws:SourceAccount</c>, <c>aws:SourceOrgID</c>, <c>aws:SourceOrgPaths</c>, <c>aws:SourceArn</c>), the
/// <c>sts:ExternalId</c> the role's owner handed out. Tags, user names, session names and source identities are
/// set by whoever owns the calling principal, in any account. Claims of an identity provider
/// (<c>token.actions.githubusercontent.com:sub</c>) are not counted either: whether one narrows depends on the
/// claim (every workflow has the same <c>aud</c>), and the way to trust one provider is to name it in
/// <c>Principal</c> (<c>Federated</c>), where the statement is no longer open to everyone;</item>
/// <item>each value names someone: an account id, organization id or external id without wildcards, and an ARN
/// whose account is written out (<c>arn:aws:iam::*:role/ci</c> is a role named ci in any account, including the
/// attacker's). A value made only of wildcards matches anything.</item>
/// </list>
/// </summary>
internal static partial class TrustConditions
{
    private static readonly string[] PositiveOperators = ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"];

    private enum KeyKind { Account, Organization, OrganizationPath, Arn, Secret }

    private static readonly Dictionary<string, KeyKind> IdentityKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:PrincipalAccount"] = KeyKind.Account,
        ["aws:SourceAccount"] = KeyKind.Account,
        ["aws:PrincipalOrgID"] = KeyKind.Organization,
        ["aws:SourceOrgID"] = KeyKind.Organization,
        ["aws:PrincipalOrgPaths"] = KeyKind.OrganizationPath,
        ["aws:SourceOrgPaths"] = KeyKind.OrganizationPath,
        ["aws:PrincipalArn"] = KeyKind.Arn,
        ["aws:SourceArn"] = KeyKind.Arn,
        ["sts:ExternalId"] = KeyKind.Secret,
    };

    /// <summary>The first clause that limits who may assume the role, or null when none does.</summary>
    public static ConditionClause? Limiting(IEnumerable<ConditionClause> clauses) => clauses.FirstOrDefault(Limits);

    private static bool Limits(ConditionClause clause)
    {
        if (ConditionOperators.Split(clause.Operator) is not { } split) return false;
        var (qualifier, baseName, ifExists) = split;
        if (ifExists || qualifier == "ForAllValues:" || !PositiveOperators.Contains(baseName, StringComparer.Ordinal)) return false;
        if (!IdentityKeys.TryGetValue(clause.Key, out var keyKind)) return false;
        // Only the Like operators read '*' and '?' as wildcards; under the others they are literal text.
        var wildcards = baseName.EndsWith("Like", StringComparison.Ordinal);
        return clause.Values.All(value => Names(keyKind, value, wildcards));
    }

    private static bool Names(KeyKind kind, string value, bool wildcards)
    {
        if (value.Length == 0 || value.All(c => c is '*' or '?')) return false;
        bool Literal(string text) => !wildcards || text.AsSpan().IndexOfAny('*', '?') < 0;
        return kind switch
        {
            KeyKind.Account => AccountId().IsMatch(value),
            KeyKind.Organization or KeyKind.Secret => Literal(value),
            // o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/...: the organization id must be written out.
            KeyKind.OrganizationPath => value.Split('/')[0] is var organization && organization.Length > 0 && Literal(organization),
            _ => value.Split(':') is [_, _, _, _, var account, ..] && AccountId().IsMatch(account),
        };
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
