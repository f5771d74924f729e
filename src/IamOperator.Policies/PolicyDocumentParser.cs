using System.Text.Json;
using System.Text.RegularExpressions;

namespace IamOperator.Policies;

/// <summary>
/// Reads a JSON policy into the model and checks it against the IAM JSON policy grammar
/// ("Grammar of the IAM JSON policy language" and the element reference pages), collecting every
/// problem instead of stopping at the first one. It reads the grammar's fixed levels (document,
/// statement, element, condition operator, key, values) and never recurses: a value nested below them is
/// one error at its level, so the depth of a document costs nothing here (PolicyDepthTests).
/// </summary>
internal sealed partial class PolicyDocumentParser
{
    private static readonly string[] TopLevelElements = ["Version", "Id", "Statement"];
    private static readonly string[] StatementElements =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    private readonly List<PolicyGrammarError> errors = [];

    public static PolicyDocument Read(JsonElement root)
    {
        var parser = new PolicyDocumentParser();
        var document = parser.ReadDocument(root);
        if (parser.errors.Count > 0 || document is null) throw new PolicyDocumentException(parser.errors);
        return document;
    }

    private PolicyDocument? ReadDocument(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("", $"A policy document must be a JSON object, got {Describe(root)}.");
            return null;
        }

        string? version = null, id = null;
        List<PolicyStatement>? statements = null;
        foreach (var property in Properties(root, "", TopLevelElements))
        {
            switch (property.Name)
            {
                case "Version":
                    version = ReadString(property.Value, "Version");
                    if (version is not null && !PolicyDocument.SupportedVersions.Contains(version))
                        Error("Version", $"must be \"{PolicyDocument.CurrentVersion}\" or \"{PolicyDocument.DefaultVersion}\", got \"{version}\".");
                    break;
                case "Id":
                    id = ReadString(property.Value, "Id");
                    break;
                case "Statement":
                    statements = ReadStatements(property.Value);
                    break;
            }
        }

        if (statements is null)
        {
            if (!root.TryGetProperty("Statement", out _)) Error("", "A policy document must have a Statement element.");
            return null;
        }

        CheckUniqueSids(statements);
        return new PolicyDocument(version, id, new ValueList<PolicyStatement>(statements));
    }

    private List<PolicyStatement>? ReadStatements(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return ReadStatement(element, 0) is { } single ? [single] : [];
            case JsonValueKind.Array when element.GetArrayLength() == 0:
                Error("Statement", "must contain at least one statement.");
                return null;
            case JsonValueKind.Array:
                var statements = new List<PolicyStatement>();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (ReadStatement(item, index) is { } statement) statements.Add(statement);
                    index++;
                }
                return statements;
            default:
                Error("Statement", $"must be a statement object or an array of statement objects, got {Describe(element)}.");
                return null;
        }
    }

    private PolicyStatement? ReadStatement(JsonElement element, int index)
    {
        var path = $"Statement[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"must be a JSON object, got {Describe(element)}.");
            return null;
        }

        string? sid = null;
        PolicyEffect? effect = null;
        PrincipalBlock? principal = null;
        ActionBlock? action = null;
        ResourceBlock? resource = null;
        var conditions = ValueList<ConditionClause>.Empty;
        var errorsBefore = errors.Count;

        foreach (var property in Properties(element, path, StatementElements))
        {
            var elementPath = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "Sid":
                    sid = ReadString(property.Value, elementPath);
                    if (sid is not null && !SidPattern().IsMatch(sid))
                        Error(elementPath, $"must contain only the letters A-Z, a-z and digits 0-9 (IAM policies allow no other characters in a Sid), got \"{sid}\".");
                    break;
                case "Effect":
                    var effectText = ReadString(property.Value, elementPath);
                    effect = effectText switch
                    {
                        "Allow" => PolicyEffect.Allow,
                        "Deny" => PolicyEffect.Deny,
                        _ => null,
                    };
                    if (effectText is not null && effect is null)
                        Error(elementPath, $"must be \"Allow\" or \"Deny\", got \"{effectText}\".");
                    break;
                case "Principal" or "NotPrincipal":
                    if (principal is not null)
                        Error(path, "has both Principal and NotPrincipal; a statement has one or the other.");
                    else
                        principal = ReadPrincipal(property.Value, elementPath, property.Name == "NotPrincipal");
                    break;
                case "Action" or "NotAction":
                    if (action is not null)
                        Error(path, "has both Action and NotAction; a statement has one or the other.");
                    else if (ReadValues(property.Value, elementPath, CheckAction) is { } actions)
                        action = new ActionBlock(property.Name == "NotAction", actions);
                    break;
                case "Resource" or "NotResource":
                    if (resource is not null)
                        Error(path, "has both Resource and NotResource; a statement has one or the other.");
                    else if (ReadValues(property.Value, elementPath, CheckResource) is { } resources)
                        resource = new ResourceBlock(property.Name == "NotResource", resources);
                    break;
                case "Condition":
                    conditions = ReadConditions(property.Value, elementPath);
                    break;
            }
        }

        if (!element.TryGetProperty("Effect", out _)) Error(path, "must have an Effect (\"Allow\" or \"Deny\").");
        if (!element.TryGetProperty("Action", out _) && !element.TryGetProperty("NotAction", out _))
            Error(path, "must have an Action or a NotAction element.");

        if (errors.Count > errorsBefore || effect is null || action is null) return null;
        return new PolicyStatement(index, sid, effect.Value, principal, action, resource, conditions);
    }

    private PrincipalBlock? ReadPrincipal(JsonElement element, string path, bool isNot)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            if (element.GetString() == "*") return new PrincipalBlock(isNot, IsWildcard: true, ValueList<PrincipalEntry>.Empty);
            Error(path, $"must be \"*\" or a map from {string.Join(", ", PrincipalTypes.All)} to identifiers, got \"{element.GetString()}\".");
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"must be \"*\" or a map from {string.Join(", ", PrincipalTypes.All)} to identifiers, got {Describe(element)}.");
            return null;
        }

        if (!element.EnumerateObject().Any())
        {
            Error(path, $"must name at least one principal ({string.Join(", ", PrincipalTypes.All)}).");
            return null;
        }

        var entries = new List<PrincipalEntry>();
        foreach (var property in Properties(element, path, PrincipalTypes.All))
        {
            if (ReadValues(property.Value, $"{path}.{property.Name}", CheckPrincipalId) is { } identifiers)
                entries.Add(new PrincipalEntry(property.Name, identifiers));
        }
        return new PrincipalBlock(isNot, IsWildcard: false, new ValueList<PrincipalEntry>(entries));
    }

    private ValueList<ConditionClause> ReadConditions(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"must be a map from condition operator to {{key: value(s)}}, got {Describe(element)}.");
            return ValueList<ConditionClause>.Empty;
        }

        var clauses = new List<ConditionClause>();
        foreach (var op in Properties(element, path, allowedNames: null))
        {
            var operatorPath = $"{path}.{op.Name}";
            if (!ConditionOperators.IsKnown(op.Name))
            {
                var suggestion = ConditionOperators.Suggest(op.Name);
                Error(operatorPath, suggestion is null
                    ? "is not an IAM condition operator (see \"IAM JSON policy elements: Condition operators\", e.g. StringEquals, ArnLike, Bool, IpAddress, with optional IfExists suffix and ForAllValues:/ForAnyValue: prefix)."
                    : $"is not an IAM condition operator; operator names are spelled exactly, did you mean \"{suggestion}\"?");
                continue;
            }
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                Error(operatorPath, $"must be a map from condition key to value(s), got {Describe(op.Value)}.");
                continue;
            }
            if (!op.Value.EnumerateObject().Any())
            {
                Error(operatorPath, "must test at least one condition key.");
                continue;
            }

            var keysSeen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in Properties(op.Value, operatorPath, allowedNames: null))
            {
                var keyPath = $"{operatorPath}.{key.Name}";
                if (key.Name.Length == 0) { Error(keyPath, "condition key must not be empty."); continue; }
                CheckCharacters(key.Name, keyPath);
                if (keysSeen.TryGetValue(key.Name, out var earlier))
                {
                    Error(keyPath, $"repeats condition key \"{earlier}\": condition key names are case-insensitive, so both test the same key; merge them or use separate statements.");
                    continue;
                }
                keysSeen[key.Name] = key.Name;
                if (ReadConditionValues(key.Value, keyPath) is { } values)
                    clauses.Add(new ConditionClause(op.Name, key.Name, values));
            }
        }
        return new ValueList<ConditionClause>(clauses);
    }

    private ValueList<string>? ReadConditionValues(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (element.GetArrayLength() == 0) { Error(path, "must have at least one value."); return null; }
            var values = new List<string>();
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (ConditionValue(item, $"{path}[{index}]") is { } value) values.Add(value);
                index++;
            }
            return values.Count == element.GetArrayLength() ? new ValueList<string>(values) : null;
        }
        return ConditionValue(element, path) is { } single ? new ValueList<string>([single]) : null;
    }

    // The grammar allows string, number and Boolean condition values; quotes are optional for the latter two.
    private string? ConditionValue(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                CheckCharacters(text, path);
                return text;
            case JsonValueKind.Number:
                return element.GetRawText();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            default:
                Error(path, $"must be a string, number or Boolean, got {Describe(element)}.");
                return null;
        }
    }

    private ValueList<string>? ReadValues(JsonElement element, string path, Func<string, string?> check)
    {
        if (element.ValueKind == JsonValueKind.String)
            return CheckValue(element.GetString()!, path, check) ? new ValueList<string>([element.GetString()!]) : null;
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be a string or an array of strings, got {Describe(element)}.");
            return null;
        }
        if (element.GetArrayLength() == 0)
        {
            Error(path, "must have at least one value.");
            return null;
        }

        var values = new List<string>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                Error(itemPath, $"must be a string, got {Describe(item)}.");
                ok = false;
            }
            else if (CheckValue(item.GetString()!, itemPath, check))
            {
                values.Add(item.GetString()!);
            }
            else
            {
                ok = false;
            }
        }
        return ok ? new ValueList<string>(values) : null;
    }

    private bool CheckValue(string value, string path, Func<string, string?> check)
    {
        var problem = check(value);
        if (problem is not null)
        {
            Error(path, problem);
            return false;
        }
        return CheckCharacters(value, path);
    }

    // IAM refuses at write time, with MalformedPolicyDocument, what is not "*" or "<service>:<action>":
    // "Actions/Conditions must be prefaced by a vendor", "Actions/Condition can contain only one colon" and
    // "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards". Refusing the same here makes plan
    // report the manifest (exit 1) instead of apply meeting IAM's refusal midway (exit 2). The characters
    // are those of the IAM emulator's PolicyDocumentValidator: letters, digits and '-' in the prefix, and
    // also '_', '*' and '?' in the action name.
    private static string? CheckAction(string action)
    {
        if (action == "*" || ActionPattern().IsMatch(action)) return null;
        const string Allowed = "must be \"*\" or \"<service-prefix>:<action>\" (e.g. \"s3:GetObject\", \"ec2:Describe*\")";
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return $"{Allowed}, got \"{action}\" (IAM: \"Actions/Conditions must be prefaced by a vendor\").";
        if (action.IndexOf(':', colon + 1) >= 0) return $"{Allowed}, got \"{action}\" with more than one ':' (IAM: \"Actions/Condition can contain only one colon\").";
        var prefix = action[..colon];
        if (prefix.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return $"{Allowed}, got \"{action}\": the service prefix \"{prefix}\" cannot contain a wildcard (IAM: \"Action vendors (e.g., aws, ec2, etc.) must not contain wildcards\"); "
                + "name the service (\"iam:*\") or use \"*\" alone.";
        }

        if (!ServicePrefixPattern().IsMatch(prefix))
            return $"{Allowed}, got \"{action}\": a service prefix has only letters, digits and '-'.";
        return $"{Allowed}, got \"{action}\": an action name has at least one character, and only letters, digits, '_', '-' and the wildcards '*' and '?'.";
    }

    // IAM: "Resource ... must be in ARN format or \"*\"".
    private static string? CheckResource(string resource) =>
        resource == "*" || resource.StartsWith("arn:", StringComparison.Ordinal)
            ? null
            : $"must be \"*\" or an ARN starting with \"arn:\", got \"{resource}\".";

    // "You cannot use a wildcard to match part of a principal name or ARN" (Principal element).
    private static string? CheckPrincipalId(string id) =>
        id.Length == 0 ? "must not be empty."
        : id != "*" && id.Contains('*') ? $"cannot use a wildcard in part of a principal, got \"{id}\"; use \"*\" alone and narrow it with a Condition (e.g. ArnLike on aws:PrincipalArn), or name the principal."
        : null;

    // The PolicyDocument parameter of CreatePolicy/PutUserPolicy/CreateRole has the pattern [\u0009\u000A\u000D\u0020-\u00FF]+.
    private bool CheckCharacters(string value, string path)
    {
        foreach (var c in value)
        {
            if (c is '\t' or '\n' or '\r' || c is >= '\u0020' and <= '\u00FF') continue;
            Error(path, $"contains the character U+{(int)c:X4}; IAM policy documents allow only tab, line feed, carriage return and U+0020 to U+00FF.");
            return false;
        }
        return true;
    }

    private string? ReadString(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"must be a string, got {Describe(element)}.");
            return null;
        }
        var value = element.GetString()!;
        return CheckCharacters(value, path) ? value : null;
    }

    private void CheckUniqueSids(List<PolicyStatement> statements)
    {
        var firstBySid = new Dictionary<string, PolicyStatement>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            if (string.IsNullOrEmpty(statement.Sid)) continue;
            if (firstBySid.TryGetValue(statement.Sid, out var first))
                Error($"{statement.Path}.Sid", $"\"{statement.Sid}\" is already used by {first.Path}; Sids must be unique within a policy.");
            else
                firstBySid[statement.Sid] = statement;
        }
    }

    /// <summary>Object members, reporting repeated keys (the grammar forbids them) and names outside <paramref name="allowedNames"/>.</summary>
    private IEnumerable<JsonProperty> Properties(JsonElement element, string path, IReadOnlyList<string>? allowedNames)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!seen.Add(property.Name))
            {
                Error(propertyPath, "appears more than once; IAM allows each element only once.");
                continue;
            }
            if (allowedNames is not null && !allowedNames.Contains(property.Name))
            {
                var nearest = allowedNames.FirstOrDefault(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase));
                Error(propertyPath, nearest is not null
                    ? $"is not a policy element; element names are case-sensitive, did you mean \"{nearest}\"?"
                    : $"is not allowed here; allowed: {string.Join(", ", allowedNames)}.");
                continue;
            }
            yield return property;
        }
    }

    private void Error(string path, string problem) => errors.Add(new PolicyGrammarError(path, problem));

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the Boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };

    [GeneratedRegex("^[0-9A-Za-z]*$")]
    private static partial Regex SidPattern();

    [GeneratedRegex("^[A-Za-z0-9-]+:[A-Za-z0-9_*?-]+$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex ServicePrefixPattern();
}
