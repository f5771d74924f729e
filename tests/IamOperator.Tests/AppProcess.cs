using System.Diagnostics;

namespace IamOperator.Tests;

/// <summary>The built application (iam-operator.dll next to the tests) as a process of its own, with every stream redirected.</summary>
internal static class AppProcess
{
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "iam-operator.dll");
        var start = new ProcessStartInfo("dotnet", [assembly, .. args])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }
}
