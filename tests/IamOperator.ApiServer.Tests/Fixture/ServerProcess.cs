using System.Collections.Concurrent;
using System.Diagnostics;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// A child process of the fixture whose last output lines are kept for error messages. The memory benchmark
/// (bench/IamOperator.Benchmarks, which links this file) also starts the operator and the emulator with it.
/// </summary>
internal sealed class ServerProcess
{
    private const int KeptLines = 60;
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private ServerProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The operating system's process id, e.g. to read /proc/ID/status.</summary>
    public int Id => process.Id;

    /// <param name="environment">Variables set for the child beside the ones it inherits.</param>
    public static ServerProcess Start(string name, string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[variable] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public string Tail() => $"--- {Name} ---{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";

    public async Task StopAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; nothing more a test run can do.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > KeptLines && lines.TryDequeue(out _))
        {
        }
    }
}
