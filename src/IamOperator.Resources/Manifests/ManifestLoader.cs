using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IamOperator.Resources.Schema;
using k8s;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IamOperator.Resources.Manifests;

/// <summary>
/// Reads manifests from files, folders and standard input the way <c>kubectl apply -f ... --validate=strict</c>
/// and the apiserver would judge them: every file and every document on its own, so one bad file or
/// document never keeps the valid ones from loading. Kinds of other API groups are skipped with a note;
/// everything wrong with a path, a file or an iamoperator.dev document becomes a <see cref="ManifestProblem"/>.
/// Every file and document is held to <see cref="ManifestLimits"/>.
/// </summary>
public static partial class ManifestLoader
{
    public const string DefaultNamespace = "default";

    /// <summary>The path that means standard input, as in <c>kubectl apply -f -</c>.</summary>
    public const string StandardInputPath = "-";

    /// <summary>How problems name standard input (kubectl's name for it).</summary>
    public const string StandardInputName = "STDIN";

    private static readonly IReadOnlySet<string> IgnoredRootFields = new HashSet<string> { "status" };

    /// <summary>
    /// The manifests of <paramref name="paths"/>, in the order given, as kubectl reads <c>-f</c>: a file
    /// (whatever its extension), a folder (its .yaml, .yml and .json files in ordinal order of their
    /// relative paths; subfolders only with <paramref name="recursive"/>; see <see cref="ManifestFiles"/>),
    /// or <see cref="StandardInputPath"/> for <paramref name="standardInput"/>. A path that does not
    /// exist or cannot be read is a problem of that path; the others still load.
    /// </summary>
    public static ManifestSet Load(IReadOnlyList<string> paths, bool recursive, Stream? standardInput = null, CancellationToken ct = default)
    {
        var builder = new Builder(ct);
        var stdinRead = false;
        foreach (var path in paths)
        {
            ct.ThrowIfCancellationRequested();
            if (path == StandardInputPath)
            {
                if (stdinRead || standardInput is null)
                {
                    builder.PathProblem(StandardInputName, stdinRead
                        ? "standard input cannot be used for multiple arguments"
                        : "standard input is not available here");
                    continue;
                }
                stdinRead = true;
                builder.AddStream(standardInput, StandardInputName);
            }
            else
            {
                builder.AddPath(path, recursive);
            }
        }
        return builder.Build();
    }

    /// <summary>Every manifest under <paramref name="path"/>, recursively (<c>-f DIR -R</c>).</summary>
    public static ManifestSet LoadDirectory(string path) => Load([path], recursive: true);

    /// <summary>The documents of one YAML (or JSON) text; <paramref name="sourceName"/> names it in problems and notes.</summary>
    public static ManifestSet LoadText(string yaml, string sourceName)
    {
        var builder = new Builder(CancellationToken.None);
        builder.AddText(yaml, sourceName);
        return builder.Build();
    }

    private sealed class Builder(CancellationToken ct)
    {
        private readonly List<IIamResource> resources = [];
        private readonly List<ManifestProblem> problems = [];
        private readonly List<string> notes = [];
        private readonly Dictionary<string, string> firstSeen = new(StringComparer.Ordinal);

        public ManifestSet Build() => new(resources, problems, notes);

        /// <summary>A problem of a whole path (document 0): it was not read.</summary>
        public void PathProblem(string source, string message) =>
            problems.Add(new(source, 0, null, null, null, null, "", message));

        /// <summary>
        /// A path named with -f: a folder (what <see cref="ManifestFiles.InFolder"/> picks), or a file whatever
        /// its name, read wherever its own links lead (the person running the command chose it), including a
        /// pipe such as <c>-f &lt;(kustomize build)</c>.
        /// </summary>
        public void AddPath(string path, bool recursive)
        {
            var source = path.Replace('\\', '/');
            if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                // kubectl fetches URLs; content from the network has no place in a CI plan of a repository.
                PathProblem(source, "manifests are not read from URLs: download the file and name it with -f");
                return;
            }
            if (Directory.Exists(path))
            {
                var entries = ManifestFiles.InFolder(path, recursive, ct);
                if (entries.Count == 0)
                {
                    // kubectl refuses such a folder too ("recognized file extensions are [.json .yaml .yml]").
                    PathProblem(source, $"no *.yaml, *.yml or *.json file in this folder{(recursive ? " or its subfolders" : " (its subfolders are read with -R)")}");
                }
                foreach (var entry in entries)
                {
                    if (entry.Problem is { } problem) PathProblem(entry.Source, problem);
                    else AddFile(entry.FullPath!, entry.Source);
                }
            }
            else if (File.Exists(path)) // also true for a symbolic link whose target is missing: AddFile says so
            {
                AddFile(path, source);
            }
            else
            {
                PathProblem(source, "the path does not exist");
            }
        }

        public void AddFile(string path, string source)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                if (stream.CanSeek && stream.Length > ManifestLimits.MaxFileBytes)
                {
                    PathProblem(source, TooLarge(stream.Length));
                    return;
                }
                AddStream(stream, source);
            }
            catch (FileNotFoundException) when (new FileInfo(path).LinkTarget is { } target)
            {
                PathProblem(source, $"symbolic link to \"{target}\", which does not exist");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                PathProblem(source, $"cannot be read: {ManifestFiles.Reason(e)}");
            }
        }

        /// <summary>Reads at most <see cref="ManifestLimits.MaxFileBytes"/> (UTF-8, or UTF-16 with a byte order mark, as kubectl).</summary>
        public void AddStream(Stream stream, string source)
        {
            var bytes = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                if (bytes.Length + read > ManifestLimits.MaxFileBytes)
                {
                    PathProblem(source, TooLarge(null));
                    return;
                }
                bytes.Write(buffer, 0, read);
            }
            bytes.Position = 0;
            using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            AddText(reader.ReadToEnd(), source);
        }

        private static string TooLarge(long? length) =>
            $"{(length is { } l ? $"{l:N0} bytes" : "more than " + ManifestLimits.Describe(ManifestLimits.MaxFileBytes))}: a file may hold at most {ManifestLimits.Describe(ManifestLimits.MaxFileBytes)} of manifests; split it";

        public void AddText(string text, string source)
        {
            var index = 0;
            foreach (var (chunk, firstLine) in SplitDocuments(text))
            {
                ct.ThrowIfCancellationRequested();
                if (Encoding.UTF8.GetByteCount(chunk) > ManifestLimits.MaxDocumentBytes)
                {
                    index++;
                    problems.Add(new(source, index, firstLine, null, null, null, "",
                        $"document larger than {ManifestLimits.Describe(ManifestLimits.MaxDocumentBytes)}, the limit for one document (the apiserver's request size limit)"));
                    continue;
                }
                YamlStream stream;
                try
                {
                    stream = [];
                    stream.Load(new BoundedYamlParser(new Parser(new StringReader(chunk))));
                }
                catch (ManifestLimitException e)
                {
                    index++;
                    problems.Add(new(source, index, firstLine + (int)e.Line - 1, null, null, null, "", $"refused: {e.Message}"));
                    continue;
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
            IReadOnlyList<(string FieldPath, string Message)> numberProblems;
            try
            {
                (json, numberProblems) = YamlToJson.Convert(root, lines);
            }
            catch (ManifestLimitException e)
            {
                problems.Add(new(source, index, firstLine + (int)e.Line - 1, null, null, null, "", $"refused: {e.Message}"));
                return;
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
            if (group != KubernetesApiGroup.Group)
            {
                notes.Add($"{source} (document {index}): ignored {apiVersion} {kind}{(name is null ? "" : $" {name}")}: not an {KubernetesApiGroup.Group} resource");
                return;
            }
            if (KubernetesApiGroup.FindKind(kind) is not { } iamKind)
            {
                Problem("kind", $"Unsupported value: \"{kind}\": {KubernetesApiGroup.Group} has the kinds {string.Join(", ", KubernetesApiGroup.Kinds.Select(k => k.Kind))}");
                return;
            }
            if (apiVersion != KubernetesApiGroup.ApiVersion)
            {
                Problem("apiVersion", $"Unsupported value: \"{apiVersion}\": {kind} is served as {KubernetesApiGroup.ApiVersion}");
                return;
            }

            // Checked before anything writes the JSON: infinity cannot be written.
            if (numberProblems.Count > 0)
            {
                foreach (var (fieldPath, message) in numberProblems)
                {
                    Problem(fieldPath, message);
                }
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
            // A cluster-scoped object has no namespace; as the apiserver does, one written in the manifest is not kept.
            if (iamKind.ClusterScoped) resource.Metadata.NamespaceProperty = null;
            else resource.Metadata.NamespaceProperty ??= DefaultNamespace;

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

    private static IIamResource Deserialize(CrdKind kind, string json) => kind.Kind switch
    {
        IamGroup.KindName => KubernetesJson.Deserialize<IamGroup>(json),
        IamUser.KindName => KubernetesJson.Deserialize<IamUser>(json),
        IamServiceRole.KindName => KubernetesJson.Deserialize<IamServiceRole>(json),
        IamPolicy.KindName => KubernetesJson.Deserialize<IamPolicy>(json),
        IamAccountPasswordPolicy.KindName => KubernetesJson.Deserialize<IamAccountPasswordPolicy>(json),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind.Kind, "not a kind of " + KubernetesApiGroup.Group),
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
