using System.Globalization;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// One Query-protocol call: the action and its parameters (form body and query string merged).
/// Lists use IAM's <c>Name.member.N</c> encoding.
/// </summary>
internal sealed class IamRequest(string action, IReadOnlyDictionary<string, string> parameters, string? callerAccessKeyId = null)
{
    public string Action { get; } = action;

    /// <summary>The access key that signed the call (GetUser without UserName answers its owner).</summary>
    public string? CallerAccessKeyId { get; } = callerAccessKeyId;

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public string? Optional(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>A required parameter; absence answers IAM's "Member must not be null" validation error.</summary>
    public string Required(string name) =>
        Optional(name) ?? throw IamError.Validation(FieldName(name), null, "Member must not be null").ToException();

    public int? OptionalInt(string name)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw IamError.Validation(FieldName(name), text, "Member must be an integer").ToException();
    }

    public bool? OptionalBool(string name) => Optional(name) switch
    {
        null => null,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var text => throw IamError.Validation(FieldName(name), text, "Member must be a boolean").ToException(),
    };

    /// <summary>The values of <c>name.member.1</c>, <c>name.member.2</c>, … in order.</summary>
    public IReadOnlyList<string> Members(string name)
    {
        var values = new List<string>();
        for (var index = 1; Parameters.TryGetValue($"{name}.member.{index}", out var value); index++)
        {
            values.Add(value);
        }

        return values;
    }

    /// <summary><c>Tags.member.N.Key</c> / <c>Tags.member.N.Value</c> pairs in order.</summary>
    public IReadOnlyList<Tag> Tags(string name = "Tags")
    {
        var tags = new List<Tag>();
        for (var index = 1; Parameters.TryGetValue($"{name}.member.{index}.Key", out var key); index++)
        {
            tags.Add(new Tag(key, Parameters.GetValueOrDefault($"{name}.member.{index}.Value") ?? ""));
        }

        return tags;
    }

    /// <summary>IAM reports parameters in camelCase in validation messages (UserName → userName).</summary>
    public static string FieldName(string parameter) =>
        parameter.Length == 0 ? parameter : char.ToLowerInvariant(parameter[0]) + parameter[1..];
}
