using System.Text;
using System.Text.Json;

namespace IamOperator.Iam.Emulator.Simulation;

/// <summary>Line and column (both 1-based) of a character in a policy document, as the simulator's Position reports them.</summary>
internal sealed record DocumentPosition(int Line, int Column);

/// <summary>One condition test: operator (with its set prefix and IfExists suffix), key and the policy's values.</summary>
internal sealed record ConditionClause(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>One statement as the simulator reads it, with where it sits in its document.</summary>
internal sealed record SimulatedStatement(
    bool IsAllow,
    IReadOnlyList<string> Actions,
    bool IsNotAction,
    IReadOnlyList<string> Resources,
    bool IsNotResource,
    IReadOnlyList<ConditionClause> Conditions,
    DocumentPosition Start,
    DocumentPosition End);

/// <summary>
/// An identity policy (or permissions boundary) fed to the simulator: its SourcePolicyId and SourcePolicyType
/// as IAM's Statement type names them, and its statements. The document must already have passed
/// <see cref="Documents.PolicyDocumentValidator"/>: parsing here assumes the grammar holds.
/// </summary>
internal sealed record SimulatedPolicy(string SourcePolicyId, string SourcePolicyType, IReadOnlyList<SimulatedStatement> Statements)
{
    /// <summary>Policy variables exist only in the 2012-10-17 language; a missing Version is 2008-10-17 (reference_policies_variables.html).</summary>
    public bool HasVariables { get; private init; }

    public static SimulatedPolicy Parse(string sourcePolicyId, string sourcePolicyType, string document)
    {
        var positions = StatementPositions(document);
        using var json = JsonDocument.Parse(document);
        var statement = json.RootElement.GetProperty("Statement");
        var elements = statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : [statement];
        var statements = elements.Select((element, index) => Statement(element, positions[index])).ToList();
        var version = json.RootElement.TryGetProperty("Version", out var declared) ? declared.GetString() : null;
        return new SimulatedPolicy(sourcePolicyId, sourcePolicyType, statements) { HasVariables = version == "2012-10-17" };
    }

    private static SimulatedStatement Statement(JsonElement element, (DocumentPosition Start, DocumentPosition End) position)
    {
        var isNotAction = element.TryGetProperty("NotAction", out var actions);
        if (!isNotAction)
        {
            actions = element.GetProperty("Action");
        }

        var isNotResource = element.TryGetProperty("NotResource", out var resources);
        if (!isNotResource)
        {
            resources = element.GetProperty("Resource");
        }

        var conditions = new List<ConditionClause>();
        if (element.TryGetProperty("Condition", out var condition))
        {
            foreach (var block in condition.EnumerateObject())
            {
                conditions.AddRange(block.Value.EnumerateObject().Select(key => new ConditionClause(block.Name, key.Name, Strings(key.Value))));
            }
        }

        return new SimulatedStatement(
            element.GetProperty("Effect").GetString() == "Allow",
            Strings(actions),
            isNotAction,
            Strings(resources),
            isNotResource,
            conditions,
            position.Start,
            position.End);
    }

    /// <summary>Condition values may be JSON numbers or booleans; IAM compares their text.</summary>
    private static IReadOnlyList<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(Text).ToList(),
        _ => [Text(element)],
    };

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();

    /// <summary>Where each statement object opens and where it closes (just after its closing brace), in document order.</summary>
    private static List<(DocumentPosition Start, DocumentPosition End)> StatementPositions(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var reader = new Utf8JsonReader(bytes);
        var found = new List<(long Start, long End)>();
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1 || !reader.ValueTextEquals("Statement"))
            {
                continue;
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                found.Add(Object(ref reader));
            }
            else
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    found.Add(Object(ref reader));
                }
            }

            break;
        }

        return found.Select(span => (At(bytes, span.Start), At(bytes, span.End))).ToList();
    }

    private static (long Start, long End) Object(ref Utf8JsonReader reader)
    {
        var start = reader.TokenStartIndex;
        reader.Skip();
        return (start, reader.TokenStartIndex + 1);
    }

    private static DocumentPosition At(byte[] bytes, long offset)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, (int)offset);
        var lastNewline = text.LastIndexOf('\n');
        return new DocumentPosition(text.Count(character => character == '\n') + 1, text.Length - lastNewline);
    }
}
