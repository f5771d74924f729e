using System.Text.Json;

namespace IamOperator.Tests;

/// <summary>The Ready condition of each resource in an `-o json` report of plan or apply, by resource name.</summary>
public static class JsonReportReady
{
    public static Func<string, (string Reason, string Message)> Of(JsonDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var outcomes = report.RootElement.GetProperty("resources").EnumerateArray()
            .ToDictionary(r => r.GetProperty("resource").GetProperty("name").GetString()!, r => r);
        return name => outcomes[name].GetProperty("conditions").EnumerateArray()
            .Where(c => c.GetProperty("type").GetString() == "Ready")
            .Select(c => (c.GetProperty("reason").GetString()!, c.GetProperty("message").GetString()!)).Single();
    }
}
