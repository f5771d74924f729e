using System.Diagnostics;
using System.Globalization;
using IamOperator.Cli;
using Microsoft.Extensions.Configuration;

namespace IamOperator.Tests.Operator;

/// <summary>What the host of <c>run</c> holds of the machine besides the operator's own work.</summary>
public sealed class RunHostTests
{
    [Fact]
    public void The_host_of_run_watches_no_directory_for_settings_changes()
    {
        var root = Directory.CreateTempSubdirectory("iam-operator-host-");
        try
        {
            DirectoryInfo[] directories = [root, .. Enumerable.Range(0, 5).Select(i => root.CreateSubdirectory($"sub-{i}"))];
            var inodes = KernelShowsWatches ? Inodes(directories) : [];

            var builder = RunCommand.CreateHostBuilder(root.FullName);

            // Everywhere: no settings file is read with reload-on-change, the only thing that made the host watch.
            var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<FileConfigurationSource>().ToList();
            Assert.NotEmpty(files);
            Assert.All(files, source => Assert.False(source.ReloadOnChange, $"{source.Path} is read with reload-on-change"));
            // Where the kernel shows a process's inotify watches (Linux): none is on the content root or below it.
            if (KernelShowsWatches)
            {
                Assert.Empty(WatchedInodes().Intersect(inodes));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static bool KernelShowsWatches => Directory.Exists("/proc/self/fdinfo") && File.Exists("/usr/bin/stat");

    /// <summary>The inode numbers of the directories (stat -c %i).</summary>
    private static HashSet<ulong> Inodes(IEnumerable<DirectoryInfo> directories)
    {
        var info = new ProcessStartInfo("stat") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("%i");
        foreach (var directory in directories)
        {
            info.ArgumentList.Add(directory.FullName);
        }

        using var stat = Process.Start(info)!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => ulong.Parse(l, CultureInfo.InvariantCulture))];
    }

    /// <summary>The inodes this process's inotify instances watch (/proc/self/fdinfo: "inotify wd:N ino:HEX ...").</summary>
    private static HashSet<ulong> WatchedInodes()
    {
        var watched = new HashSet<ulong>();
        foreach (var file in Directory.EnumerateFiles("/proc/self/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (IOException)
            {
                continue; // the descriptor was closed meanwhile
            }

            foreach (var field in lines.Where(l => l.StartsWith("inotify ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ')))
            {
                if (field.StartsWith("ino:", StringComparison.Ordinal))
                {
                    watched.Add(ulong.Parse(field[4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return watched;
    }
}
