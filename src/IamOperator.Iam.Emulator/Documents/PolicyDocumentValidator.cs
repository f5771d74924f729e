using System.Text.Json;
using System.Text.RegularExpressions;
using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.Documents;

/// <summary>
/// IAM's checks on a policy document before it stores it, written independently of the operator's
/// policy model. Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html;
/// the parameter's character set and length: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html;
/// size quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html.
/// </summary>
internal static partial class PolicyDocumentValidator
{
    private static readonly string[] TopLevelFields = ["Version", "Id", "Statement"];
    private static readonly string[] StatementFields = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
    private static readonly string[] PrincipalKinds = ["AWS", "Service", "Federated", "CanonicalUser"];
    private static readonly string[] WebIdentityProviders = ["cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com", "accounts.google.com"];
    private static readonly string[] TrustActions = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"];

    /// <summary>The document parameter's declared constraint: 1–131072 characters of tab, LF, CR and U+0020–U+00FF.</summary>
    public static string Parameter(IamRequest request, string parameter)
    {
        var document = request.Required(parameter);
        NameRules.Length(parameter, document, 1, 131072);
        if (!AllowedCharacters().IsMatch(document))
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), document, @"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+").ToException();
        }

        return document;
    }

    /// <summary>Size as IAM counts it for quotas: characters other than whitespace.</summary>
    public static int Size(string document) => document.Count(character => !char.IsWhiteSpace(character));

    /// <summary>
    /// Throws <c>MalformedPolicyDocument</c> with IAM's message for the first problem found. For trust policies,
    /// <paramref name="awsPrincipalExists"/> says whether an <c>AWS</c> principal names something that exists
    /// (IAM refuses a user or role that does not).
    /// </summary>
    public static void Validate(string document, PolicyDocumentKind kind, Func<string, bool>? awsPrincipalExists = null)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document);
        }
        catch (JsonException)
        {
            throw Malformed("Syntax errors in policy.");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("Syntax errors in policy.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!TopLevelFields.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Malformed($"Policy document contains unknown field: {property.Name}.");
                }
            }

            if (root.TryGetProperty("Version", out var version)
                && (version.ValueKind != JsonValueKind.String || version.GetString() is not ("2012-10-17" or "2008-10-17")))
            {
                throw Malformed("The policy failed legacy parsing");
            }

            if (!root.TryGetProperty("Statement", out var statements))
            {
                throw Malformed("Missing required field Statement");
            }

            var list = statements.ValueKind switch
            {
                JsonValueKind.Object => [statements],
                JsonValueKind.Array => statements.EnumerateArray().ToList(),
                _ => throw Malformed("Syntax errors in policy."),
            };
            if (list.Count == 0)
            {
                throw Malformed("Policy statement must contain at least one statement.");
            }

            var sids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in list)
            {
                ValidateStatement(statement, kind, sids, awsPrincipalExists);
            }
        }
    }

    private static void ValidateStatement(JsonElement statement, PolicyDocumentKind kind, HashSet<string> sids, Func<string, bool>? awsPrincipalExists)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("Syntax errors in policy.");
        }

        foreach (var property in statement.EnumerateObject())
        {
            if (!StatementFields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Malformed($"Statement contains unknown field: {property.Name}.");
            }
        }

        if (statement.TryGetProperty("Sid", out var sid))
        {
            if (sid.ValueKind != JsonValueKind.String)
            {
                throw Malformed("Syntax errors in policy.");
            }

            var value = sid.GetString()!;
            if (kind == PolicyDocumentKind.Identity && !AlphanumericSid().IsMatch(value))
            {
                throw Malformed("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
            }

            if (value.Length > 0 && !sids.Add(value))
            {
                throw Malformed("Statement IDs (SID) in a single policy must be unique.");
            }
        }

        if (!statement.TryGetProperty("Effect", out var effect))
        {
            throw Malformed("Missing required field Effect");
        }

        if (effect.ValueKind != JsonValueKind.String || effect.GetString() is not ("Allow" or "Deny"))
        {
            throw Malformed($"Invalid effect: {effect}");
        }

        var actions = OneOf(statement, "Action", "NotAction") ?? throw Malformed("Policy statement must contain actions.");
        foreach (var action in Strings(actions))
        {
            if (action != "*" && !ActionPattern().IsMatch(action))
            {
                throw Malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }

            if (kind == PolicyDocumentKind.Trust && !TrustActions.Any(allowed => WildcardMatches(action, allowed)))
            {
                throw Malformed("AssumeRole policy may only specify STS AssumeRole actions.");
            }
        }

        var principal = OneOf(statement, "Principal", "NotPrincipal");
        var resources = OneOf(statement, "Resource", "NotResource");
        if (kind == PolicyDocumentKind.Identity)
        {
            if (principal is not null)
            {
                throw Malformed("Policy document should not specify a principal.");
            }

            if (resources is null)
            {
                throw Malformed("Policy statement must contain resources.");
            }

            foreach (var resource in Strings(resources.Value))
            {
                if (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal))
                {
                    throw Malformed($"Resource {resource} must be in ARN format or \"*\".");
                }
            }
        }
        else
        {
            if (principal is null)
            {
                throw Malformed("Missing required field Principal");
            }

            ValidatePrincipal(principal.Value, awsPrincipalExists);
            if (resources is not null)
            {
                throw Malformed($"Has prohibited field {(statement.TryGetProperty("Resource", out _) ? "Resource" : "NotResource")}");
            }
        }

        if (statement.TryGetProperty("Condition", out var condition))
        {
            ValidateCondition(condition);
        }
    }

    /// <summary>Exactly one of a field and its Not- form; both present is a syntax error.</summary>
    private static JsonElement? OneOf(JsonElement statement, string field, string notField)
    {
        var hasField = statement.TryGetProperty(field, out var value);
        var hasNot = statement.TryGetProperty(notField, out var notValue);
        if (hasField && hasNot)
        {
            throw Malformed($"Statement cannot contain both {field} and {notField}.");
        }

        return hasField ? value : hasNot ? notValue : null;
    }

    /// <summary>A string or a non-empty array of strings.</summary>
    private static IReadOnlyList<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array when element.GetArrayLength() > 0 && element.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String) =>
            element.EnumerateArray().Select(item => item.GetString()!).ToList(),
        _ => throw Malformed("Syntax errors in policy."),
    };

    /// <summary>
    /// The principal forms of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
    /// AWS is "*", an account id, or the ARN of an account root, user, role, assumed-role session or federated user,
    /// with no wildcard inside; Federated is a SAML or OIDC provider ARN or a web identity provider; Service is a
    /// listed service principal; CanonicalUser is 64 hexadecimal digits. IAM answers anything else with
    /// "Invalid principal in policy: "KIND":"value"".
    /// </summary>
    private static void ValidatePrincipal(JsonElement principal, Func<string, bool>? awsPrincipalExists)
    {
        if (principal.ValueKind == JsonValueKind.String && principal.GetString() == "*")
        {
            return;
        }

        if (principal.ValueKind != JsonValueKind.Object || !principal.EnumerateObject().Any())
        {
            throw Malformed("Invalid principal in policy");
        }

        foreach (var property in principal.EnumerateObject())
        {
            if (!PrincipalKinds.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Malformed($"Invalid principal in policy: \"{property.Name}\"");
            }

            foreach (var value in Strings(property.Value))
            {
                if (value.Length == 0)
                {
                    throw Malformed("Invalid principal in policy");
                }

                var valid = property.Name switch
                {
                    "AWS" => value == "*" || (AwsPrincipal().IsMatch(value) && !value.Contains('*', StringComparison.Ordinal) && (awsPrincipalExists?.Invoke(value) ?? true)),
                    "Service" => ServicePrincipals.IsKnown(value),
                    "Federated" => FederatedPrincipal().IsMatch(value) || WebIdentityProviders.Contains(value, StringComparer.Ordinal),
                    _ => CanonicalUserPrincipal().IsMatch(value),
                };
                if (!valid)
                {
                    throw Malformed($"Invalid principal in policy: \"{(property.Name == "AWS" ? "AWS" : property.Name.ToUpperInvariant())}\":\"{value}\"");
                }
            }
        }
    }

    private static void ValidateCondition(JsonElement condition)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("Syntax errors in policy.");
        }

        foreach (var block in condition.EnumerateObject())
        {
            if (block.Value.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("Syntax errors in policy.");
            }

            foreach (var key in block.Value.EnumerateObject())
            {
                var ok = key.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                    || (key.Value.ValueKind == JsonValueKind.Array && key.Value.EnumerateArray().All(item => item.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False));
                if (!ok)
                {
                    throw Malformed("Syntax errors in policy.");
                }
            }
        }
    }

    private static bool WildcardMatches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);

    private static IamErrorException Malformed(string message) => IamError.MalformedPolicyDocument(message).ToException();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+$")]
    private static partial Regex AllowedCharacters();

    [GeneratedRegex("^[0-9A-Za-z]*$")]
    private static partial Regex AlphanumericSid();

    [GeneratedRegex(@"^([0-9]{12}|arn:aws:iam::[0-9]{12}:(root|user/.+|role/.+)|arn:aws:sts::[0-9]{12}:(assumed-role/[^/]+/.+|federated-user/.+))$")]
    private static partial Regex AwsPrincipal();

    [GeneratedRegex(@"^arn:aws:iam::[0-9]{12}:(saml-provider/[\w+=,.@-]+|oidc-provider/.+)$")]
    private static partial Regex FederatedPrincipal();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex CanonicalUserPrincipal();

    // vendor:action, the vendor without wildcards; the action may use * and ?.
    [GeneratedRegex(@"^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]*$")]
    private static partial Regex ActionPattern();
}
