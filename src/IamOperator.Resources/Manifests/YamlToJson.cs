using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace IamOperator.Resources.Manifests;

/// <summary>
/// Turns a YAML node into JSON the way the YAML 1.2 core schema resolves plain scalars (null, booleans,
/// integers, floats; everything else and every quoted scalar is a string), and records the line of every
/// field path so problems can point into the file. Aliases are expanded here, so this is where the
/// expanded document is held to <see cref="ManifestLimits"/> (depth, nodes, text); numbers JSON cannot
/// hold (beyond ±1.7976931348623157E+308) become problems of their field.
/// </summary>
internal sealed partial class YamlToJson
{
    private readonly IDictionary<string, int> lines;
    private readonly List<(string FieldPath, string Message)> numberProblems = [];
    private int nodes;
    private long textBytes;

    private YamlToJson(IDictionary<string, int> lines) => this.lines = lines;

    /// <summary>
    /// The JSON of <paramref name="node"/>, the line of every field path in <paramref name="lines"/>, and
    /// the fields whose numbers JSON cannot hold. Throws <see cref="ManifestLimitException"/> when the
    /// expanded document is over a limit, and <see cref="FormatException"/> for YAML that is no JSON.
    /// </summary>
    public static (JsonNode? Json, IReadOnlyList<(string FieldPath, string Message)> NumberProblems) Convert(YamlNode node, IDictionary<string, int> lines)
    {
        var converter = new YamlToJson(lines);
        var json = converter.Convert(node, "", 1);
        return (json, converter.numberProblems);
    }

    private JsonNode? Convert(YamlNode node, string path, int depth)
    {
        AddText(path, node);
        lines.TryAdd(path, (int)node.Start.Line);
        if (++nodes > ManifestLimits.MaxNodes)
        {
            throw new ManifestLimitException(node.Start,
                $"more than {ManifestLimits.MaxNodes:N0} mappings, lists and values once its aliases are expanded, the limit for one document");
        }
        if (node is YamlMappingNode or YamlSequenceNode && depth > ManifestLimits.MaxDepth)
        {
            throw new ManifestLimitException(node.Start,
                $"nested deeper than {ManifestLimits.MaxDepth} levels of mappings and lists once its aliases are expanded, the limit for one document");
        }
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = keyNode is YamlScalarNode { Value: { } k } ? k
                        : throw new FormatException($"line {keyNode.Start.Line}: mapping keys must be plain strings");
                    AddText(key, keyNode);
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (obj.ContainsKey(key))
                    {
                        throw new FormatException($"line {keyNode.Start.Line}: duplicate key \"{key}\" in {(path.Length == 0 ? "the document" : path)}");
                    }
                    obj[key] = Convert(valueNode, childPath, depth + 1);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, $"{path}[{index++}]", depth + 1));
                }
                return array;
            case YamlScalarNode scalar:
                AddText(scalar.Value ?? "", scalar);
                return Scalar(scalar, path);
            default:
                throw new FormatException($"line {node.Start.Line}: unsupported YAML node {node.NodeType}");
        }
    }

    // The text of keys and values, counted again for every alias that repeats it: what the document
    // would be without aliases. Capped like a document's own text, so aliases cannot make it bigger.
    // Every value's field path counts too: the paths are kept (to point problems at lines), and a long
    // key above many values would otherwise cost its length once per value.
    private void AddText(string text, YamlNode node)
    {
        textBytes += Encoding.UTF8.GetByteCount(text);
        if (textBytes > ManifestLimits.MaxDocumentBytes)
        {
            throw new ManifestLimitException(node.Start,
                $"more than {ManifestLimits.Describe(ManifestLimits.MaxDocumentBytes)} of keys, values and field paths once its aliases are expanded, the limit for one document");
        }
    }

    private JsonNode? Scalar(YamlScalarNode scalar, string path)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }
        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }
        if (IntegerPattern().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                ? JsonValue.Create(integer)
                : Float(text, path);
        }
        if (HexPattern().IsMatch(text))
        {
            return JsonValue.Create(System.Convert.ToInt64(text[2..], 16));
        }
        if (FloatPattern().IsMatch(text))
        {
            return Float(text, path);
        }
        return JsonValue.Create(text);
    }

    // Beyond ±double.MaxValue a number parses as infinity, which JSON cannot hold.
    private JsonValue? Float(string text, string path)
    {
        var number = double.Parse(text, CultureInfo.InvariantCulture);
        if (double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }
        numberProblems.Add((path, $"Invalid value: {(text.Length <= 32 ? text : text[..32] + "...")}: a number must be within ±{double.MaxValue.ToString(CultureInfo.InvariantCulture)} (quote it to make it a string)"));
        return null;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{1,15}$")]
    private static partial Regex HexPattern();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
