namespace IamOperator.Benchmarks;

/// <summary>The machine's load, printed beside results so a number measured on a busy machine says so.</summary>
public static class MachineLoad
{
    /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg, or "unknown" off Linux.</summary>
    public static string Average() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
