using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NLua;

namespace IamOperator.Deploy.Tests;

public sealed record ArgoCdHealth(string Status, string Message);

/// <summary>
/// Runs an Argo CD Lua health script the way Argo CD does: the resource is the global <c>obj</c>
/// (JSON objects and arrays become Lua tables, arrays 1-based) and the chunk returns a table
/// with <c>status</c> and <c>message</c>.
/// </summary>
public static class ArgoCdHealthCheck
{
    public static ArgoCdHealth Run(string script, JsonObject resource)
    {
        using var lua = new Lua();
        // Argo CD's sandbox offers no os/io; fail loudly if a script reaches for them.
        lua.DoString("os = nil; io = nil");
        lua.DoString("obj = " + ToLua(resource));
        var results = lua.DoString(script, "health.lua");
        var table = Assert.IsType<LuaTable>(Assert.Single(results));
        return new ArgoCdHealth((string)table["status"], table["message"] as string ?? "");
    }

    private static string ToLua(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"[{Quote(p.Key)}] = {ToLua(p.Value)}")) + "}",
        JsonArray a => "{" + string.Join(", ", a.Select(ToLua)) + "}",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Quote(v.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            // JSON's number text is a Lua number literal, whatever .NET type holds it.
            JsonValueKind.Number => v.ToJsonString(),
            _ => "nil",
        },
        _ => throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}"),
    };

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            builder.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\{b:D3}");
        }
        return builder.Append('"').ToString();
    }
}
