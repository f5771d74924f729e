using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace IamOperator.Cli;

/// <summary>
/// Lets appsettings.json and IAMOPERATOR__ variables write durations as flags do (<see cref="GoDuration"/>):
/// the .NET binder only reads hh:mm:ss, so every TimeSpan setting of the options type is rewritten to
/// that form before binding, and a value that is no duration is reported with its key.
/// </summary>
public static class ConfigurationDurations
{
    /// <summary>The configuration keys (Section:Key) of every TimeSpan property reachable from <paramref name="optionsType"/>.</summary>
    public static IEnumerable<string> KeysOf(Type optionsType, string prefix = "")
    {
        foreach (var property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix + property.Name;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(TimeSpan)) yield return key;
            else if (type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("IamOperator", StringComparison.Ordinal) == true)
                foreach (var nested in KeysOf(type, key + ":")) yield return nested;
        }
    }

    /// <summary>The rewritten values (key → hh:mm:ss) to add as the last configuration source, and one error per unreadable value.</summary>
    public static (Dictionary<string, string?> Normalized, IReadOnlyList<string> Errors) Normalize(IConfiguration configuration, Type optionsType)
    {
        var normalized = new Dictionary<string, string?>();
        var errors = new List<string>();
        foreach (var key in KeysOf(optionsType))
        {
            if (configuration[key] is not { } text || string.IsNullOrWhiteSpace(text)) continue;
            if (GoDuration.TryParseSetting(key, text, out var duration) is { } error) errors.Add(error);
            else normalized[key] = duration.ToString("c", CultureInfo.InvariantCulture);
        }
        return (normalized, errors);
    }
}
