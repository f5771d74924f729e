using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IamOperator.Resources.Schema;
using k8s;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IamOperator.Resources.Manifests;

/// <summary>
/// Reads manifests from a folder or a text the way <c>kubectl apply --validate=strict</c> and the
/// apiserver would judge them: every document on its own, so one bad document never keeps the valid
/// ones from loading. Kinds of other API groups are skipped with a note; everything wrong with an
/// iamoperator.dev document becomes a <see cref="ManifestProblem"/>.
/// </summary>
public static partial class ManifestLoader
{
    public const string DefaultNamespace = "default";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];
    private static readonly IReadOnlySet<string> IgnoredRootFields = new HashSet<string> { "status" };

    /// <summary>
    /// Every *.yaml, *.yml and *.json file under <paramref name="path"/>, recursively, in ordinal order of
    /// their relative paths (stable across machines); folders starting with '.' (e.g. .git) are skipped.
    /// </summary>
    public static ManifestSet LoadDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Manifest folder '{path}' does not exist.");
        }
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(path, file).Replace('\\', '/'))
            .Where(relative => Extensions.Contains(Path.GetExtension(relative), StringComparer.OrdinalIgnoreCase))
            .Where(relative => !relative.Split('/').SkipLast(1).Any(folder => folder.StartsWith('.')))
            .Order(StringComparer.Ordinal);

        var builder = new Builder();
        foreach (var relative in files)
        {
            var source = Path.Join(path, relative).Replace('\\', '/');
            builder.AddText(File.ReadAllText(Path.Join(path, relative)), source);
        }
        return builder.Build();
    }

    /// <summary>The documents of one YAML (or JSON) text; <paramref name="sourceName"/> names it in problems and notes.</summary>
    public static ManifestSet LoadText(string yaml, string sourceName)
    {
        var builder = new Builder();
        builder.AddText(yaml, sourceName);
        return builder.Build();
    }

    private sealed class Builder
    {
        private readonly List<IIamResource> resources = [];
        private readonly List<ManifestProblem> problems = [];
        private readonly List<string> notes = [];
        private readonly Dictionary<string, string> firstSeen = new(StringComparer.Ordinal);

        public ManifestSet Build() => new(resources, problems, notes);

        public void AddText(string text, string source)
        {
            var index = 0;
            foreach (var (chunk, firstLine) in SplitDocuments(text))
            {
                YamlStream stream;
                try
                {
                    stream = [];
                    stream.Load(new StringReader(chunk));
                }
                catch (YamlException e)
                {
                    index++;
                    problems.Add(new(source, index, firstLine + (int)e.Start.Line - 1, null, null, null, "",
                        $"invalid YAML: {e.InnerException?.Message ?? e.Message}"));
                    continue;
                }
                foreach (var document in stream.Documents)
                {
                    if (document.RootNode is YamlScalarNode { Value: null or "" } && document.RootNode.Tag.IsEmpty)
                    {
                        continue; // an empty document, e.g. after a leading or trailing ---
                    }
                    index++;
                    AddDocument(document.RootNode, source, index, firstLine);
                }
            }
        }

        private void AddDocument(YamlNode root, string source, int index, int firstLine)
        {
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            JsonNode? json;
            try
            {
                json = YamlToJson.Convert(root, "", lines);
            }
            catch (Exception e) when (e is FormatException or YamlException)
            {
                problems.Add(new(source, index, firstLine + (int)root.Start.Line - 1, null, null, null, "", $"invalid YAML: {e.Message}"));
                return;
            }
            int LineOf(string fieldPath)
            {
                for (var path = fieldPath; ; path = Parent(path))
                {
                    if (lines.TryGetValue(path, out var line))
                    {
                        return firstLine + line - 1;
                    }
                    if (path.Length == 0)
                    {
                        return firstLine;
                    }
                }
            }

            if (json is not JsonObject obj)
            {
                problems.Add(new(source, index, LineOf(""), null, null, null, "", "a manifest must be an object with apiVersion, kind and metadata"));
                return;
            }
            var apiVersion = StringAt(obj, "apiVersion");
            var kind = StringAt(obj, "kind");
            var metadata = obj["metadata"] as JsonObject;
            var name = StringAt(metadata, "name");
            var ns = StringAt(metadata, "namespace");

            void Problem(string fieldPath, string message) =>
                problems.Add(new(source, index, LineOf(fieldPath), kind, ns ?? DefaultNamespace, name, fieldPath, message));

            if (apiVersion is null || kind is null)
            {
                Problem(apiVersion is null ? "apiVersion" : "kind", "Required value: every manifest needs apiVersion and kind (strings)");
                return;
            }
            var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
            if (group != IamApi.Group)
            {
                notes.Add($"{source} (document {index}): ignored {apiVersion} {kind}{(name is null ? "" : $" {name}")}: not an {IamApi.Group} resource");
                return;
            }
            if (IamApi.FindKind(kind) is not { } iamKind)
            {
                Problem("kind", $"Unsupported value: \"{kind}\": {IamApi.Group} has the kinds {string.Join(", ", IamApi.Kinds.Select(k => k.Kind))}");
                return;
            }
            if (apiVersion != IamApi.ApiVersion)
            {
                Problem("apiVersion", $"Unsupported value: \"{apiVersion}\": {kind} is served as {IamApi.ApiVersion}");
                return;
            }

            var element = JsonSerializer.SerializeToElement(obj);
            var schemaProblems = SchemaValidator.Validate(element, SchemaBuilder.ForResource(iamKind.ResourceType), "", IgnoredRootFields);
            if (schemaProblems.Count > 0)
            {
                foreach (var p in schemaProblems)
                {
                    Problem(p.FieldPath, p.Message);
                }
                return;
            }

            obj.Remove("status"); // the apiserver ignores status on create: only the operator writes it
            IIamResource resource;
            try
            {
                resource = Deserialize(iamKind, obj.ToJsonString());
            }
            catch (JsonException e)
            {
                Problem(e.Path?.TrimStart('$', '.') ?? "", $"Invalid value: {e.Message}");
                return;
            }
            resource.Metadata.NamespaceProperty ??= DefaultNamespace;

            var key = $"{kind}/{resource.Metadata.NamespaceProperty}/{resource.Metadata.Name}";
            var here = $"{source} (document {index})";
            if (firstSeen.TryGetValue(key, out var first))
            {
                Problem("metadata.name", $"Duplicate value: {kind} {resource.Metadata.NamespaceProperty}/{resource.Metadata.Name} is already declared in {first}; the first declaration is used");
                return;
            }
            firstSeen[key] = here;
            resources.Add(resource);
        }
    }

    private static IIamResource Deserialize(IamKind kind, string json) => kind.Kind switch
    {
        IamGroup.KindName => KubernetesJson.Deserialize<IamGroup>(json),
        IamUser.KindName => KubernetesJson.Deserialize<IamUser>(json),
        IamServiceRole.KindName => KubernetesJson.Deserialize<IamServiceRole>(json),
        IamPolicy.KindName => KubernetesJson.Deserialize<IamPolicy>(json),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind.Kind, "not a kind of " + IamApi.Group),
    };

    private static string? StringAt(JsonObject? obj, string key) =>
        obj?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    /// <summary>
    /// Splits a stream at document markers (a line starting with '---' or a '...' line), so that a
    /// syntax error in one document cannot hide the others. Yields each document's text and first line (1-based).
    /// </summary>
    private static IEnumerable<(string Text, int FirstLine)> SplitDocuments(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var boundary = i == lines.Length || (i > start && DocumentStart().IsMatch(lines[i]));
            if (boundary)
            {
                yield return (string.Join('\n', lines[start..i].Select(l => DocumentEnd().IsMatch(l) ? "" : l)), start + 1);
                start = i;
            }
        }
    }

    [GeneratedRegex(@"^---(\s|$)")]
    private static partial Regex DocumentStart();

    [GeneratedRegex(@"^\.\.\.\s*$")]
    private static partial Regex DocumentEnd();
}
