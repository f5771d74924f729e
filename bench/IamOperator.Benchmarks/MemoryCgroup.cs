using System.Globalization;

namespace IamOperator.Benchmarks;

/// <summary>
/// A memory cgroup of its own with a limit, as the kubelet gives a container with <c>resources.limits.memory</c>: the
/// kernel enforces it (reclaiming page cache, OOM-killing past it) and the .NET runtime reads it at start-up (GC heap
/// capped at 75% of it, memory load measured against it). Made under the benchmark's own memory cgroup (v1, or v2
/// where that hierarchy has the memory controller); needs root. Removed on dispose, once its process has exited.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private readonly string directory;
    private readonly bool v2;

    private MemoryCgroup(string directory, bool v2)
    {
        this.directory = directory;
        this.v2 = v2;
    }

    /// <summary>Write a process id here to move that process into the cgroup.</summary>
    public string ProcsFile => Path.Combine(directory, "cgroup.procs");

    /// <summary>"cgroup v1" or "cgroup v2", for the report.</summary>
    public string Version => v2 ? "cgroup v2" : "cgroup v1";

    /// <summary>The most the cgroup was charged (the process's anonymous memory and the page cache charged to it).</summary>
    public long PeakBytes => ReadNumber(v2 ? "memory.peak" : "memory.max_usage_in_bytes");

    /// <summary>How many times the kernel's OOM killer killed a process of the cgroup.</summary>
    public long OomKills
    {
        get
        {
            var file = Path.Combine(directory, v2 ? "memory.events" : "memory.oom_control");
            return File.ReadLines(file).Select(l => l.Split(' ')).Where(p => p is ["oom_kill", _])
                .Select(p => long.Parse(p[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        }
    }

    /// <summary>A new cgroup limited to <paramref name="limitBytes"/>, or null with why not (not Linux, not root, no memory controller).</summary>
    public static MemoryCgroup? TryCreate(string name, long limitBytes, out string? whyNot)
    {
        whyNot = null;
        if (!File.Exists("/proc/self/cgroup"))
        {
            whyNot = "no /proc/self/cgroup";
            return null;
        }

        var lines = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
        string? directory = null;
        var v2 = false;
        if (lines.FirstOrDefault(p => p[1].Split(',').Contains("memory")) is { } v1Line && Directory.Exists("/sys/fs/cgroup/memory"))
        {
            directory = Path.Combine("/sys/fs/cgroup/memory" + v1Line[2].TrimEnd('/'), name);
        }
        else if (lines.FirstOrDefault(p => p[0] == "0" && p[1] == "") is { } v2Line && File.Exists("/sys/fs/cgroup/cgroup.controllers")
            && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split(' ', '\n').Contains("memory"))
        {
            directory = Path.Combine("/sys/fs/cgroup" + v2Line[2].TrimEnd('/'), name);
            v2 = true;
        }

        if (directory is null)
        {
            whyNot = "no memory cgroup controller";
            return null;
        }

        try
        {
            Directory.CreateDirectory(directory);
            var cgroup = new MemoryCgroup(directory, v2);
            if (v2)
            {
                cgroup.Write("memory.max", limitBytes);
                cgroup.Write("memory.swap.max", 0);
            }
            else
            {
                cgroup.Write("memory.limit_in_bytes", limitBytes);
            }

            return cgroup;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            whyNot = $"cannot make {directory}: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// The program and arguments that start <paramref name="binary"/> inside the cgroup: a shell writes its own pid to
    /// cgroup.procs and then becomes the binary (exec), so the process is in the cgroup before the runtime starts and
    /// keeps the pid the caller sees.
    /// </summary>
    public (string Program, IReadOnlyList<string> Arguments) Wrap(string binary, IReadOnlyList<string> arguments) =>
        ("/bin/sh", ["-c", "echo $$ > \"$0\" && exec \"$@\"", ProcsFile, binary, .. arguments]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Still has a process (it is being killed): the kernel keeps the directory until it is empty; nothing to clean.
        }
    }

    private void Write(string file, long value) =>
        File.WriteAllText(Path.Combine(directory, file), value.ToString(CultureInfo.InvariantCulture));

    private long ReadNumber(string file) =>
        long.TryParse(File.ReadAllText(Path.Combine(directory, file)).Trim(), CultureInfo.InvariantCulture, out var value) ? value : 0;
}
