namespace IamOperator.Resources.Manifests;

/// <summary>
/// Which files a folder given to <c>-f</c> contributes, the way kubectl's <c>-f DIR</c> picks them
/// (cli-runtime resource.ExpandPathsToFileVisitors): files ending in .yaml, .yml or .json, subfolders only
/// with <c>-R</c>. Beyond kubectl, names starting with '.' are skipped (hidden files and folders such as
/// .git, and editor lock files such as Emacs's .#team.yaml), and a symbolic link is followed only to a
/// target inside the folder: the folder is pull-request content, and a link to a file elsewhere on the
/// machine (a credentials file) must not be read into the output.
/// </summary>
internal static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    // Linux follows at most 40 symbolic links while resolving one path (MAXSYMLINKS).
    private const int MaxLinksFollowed = 40;

    /// <summary>A file to read (<paramref name="Source"/> names it in problems) or a problem of a path that is not read.</summary>
    public sealed record Entry(string Source, string? FullPath, string? Problem);

    public static bool HasManifestExtension(string name) =>
        Extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The files of <paramref name="folder"/> (recursively with <paramref name="recursive"/>) in ordinal
    /// order of their paths relative to it, and a problem for every link that cannot be followed.
    /// </summary>
    public static IReadOnlyList<Entry> InFolder(string folder, bool recursive, CancellationToken ct)
    {
        var display = folder.Replace('\\', '/').TrimEnd('/');
        string Source(string relative) => display.Length == 0 ? relative : $"{display}/{relative}";
        var root = RealPath(folder);
        var entries = new List<(string Relative, Entry Entry)>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { root };
        var pending = new Stack<(string Path, string Relative)>();
        pending.Push((root, ""));
        while (pending.TryPop(out var current))
        {
            ct.ThrowIfCancellationRequested();
            IEnumerable<FileSystemInfo> children;
            try
            {
                // In name order, so that which of two routes to one folder is taken never depends on the file system.
                children = new DirectoryInfo(current.Path).GetFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                entries.Add((current.Relative, new(Source(current.Relative), null, $"cannot list the folder: {Reason(e)}")));
                continue;
            }
            foreach (var child in children)
            {
                if (child.Name.StartsWith('.'))
                {
                    continue;
                }
                var relative = current.Relative.Length == 0 ? child.Name : $"{current.Relative}/{child.Name}";
                void Add(string? fullPath, string? problem) => entries.Add((relative, new(Source(relative), fullPath, problem)));

                var path = Path.Join(current.Path, child.Name);
                if (child.LinkTarget is { } target)
                {
                    string real;
                    try
                    {
                        real = RealPath(path);
                    }
                    catch (IOException e)
                    {
                        Add(null, e.Message);
                        continue;
                    }
                    var isFolder = Directory.Exists(real);
                    if (!isFolder && !HasManifestExtension(child.Name) || isFolder && !recursive)
                    {
                        continue; // what kubectl skips by name or without -R, whatever it points to
                    }
                    if (!File.Exists(real) && !isFolder)
                    {
                        Add(null, $"symbolic link to \"{target}\", which does not exist");
                    }
                    else if (!IsInside(real, root))
                    {
                        Add(null, $"symbolic link to \"{target}\", outside the folder {display}: not followed (name the file with its own -f to read it)");
                    }
                    else if (!isFolder)
                    {
                        Add(real, null);
                    }
                    else if (visited.Add(real))
                    {
                        pending.Push((real, relative));
                    }
                    else
                    {
                        Add(null, $"symbolic link to \"{target}\", a folder already read (a loop, or a second route to it): not read again");
                    }
                }
                else if (child is DirectoryInfo)
                {
                    if (recursive && visited.Add(path))
                    {
                        pending.Push((path, relative));
                    }
                }
                else if (HasManifestExtension(child.Name))
                {
                    Add(path, null);
                }
            }
        }
        return entries.OrderBy(e => e.Relative, StringComparer.Ordinal).Select(e => e.Entry).ToList();
    }

    private static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="path"/> with every symbolic link in it resolved, component by component, as the
    /// operating system would resolve it (a lexical check alone is fooled by "link/../x"). A path that
    /// does not exist resolves as far as it exists. Throws <see cref="IOException"/> for a loop of links.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var remaining = new Stack<string>(Split(full[root.Length..]).Reverse());
        var resolved = root;
        var followed = 0;
        while (remaining.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? root;
                continue;
            }
            var next = Path.Join(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }
            if (++followed > MaxLinksFollowed)
            {
                throw new IOException($"a loop of symbolic links: more than {MaxLinksFollowed} links to follow from \"{path}\"");
            }
            var targetRoot = Path.IsPathRooted(target) ? Path.GetPathRoot(target)! : "";
            foreach (var segment in Split(target[targetRoot.Length..]).Reverse())
            {
                remaining.Push(segment);
            }
            if (targetRoot.Length > 0)
            {
                resolved = Path.GetFullPath(targetRoot);
            }
        }
        return resolved;
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
