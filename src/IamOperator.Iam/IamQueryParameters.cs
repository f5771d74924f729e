using System.Text;

namespace IamOperator.Iam;

/// <summary>
/// The form body of one IAM Query API request: <c>Action</c>, <c>Version=2010-05-08</c> and the
/// action's parameters, with lists in IAM's <c>Name.member.N</c> shape (1-based).
/// </summary>
internal sealed class IamQueryParameters
{
    public const string ApiVersion = "2010-05-08";

    private readonly List<KeyValuePair<string, string>> values = [];

    /// <param name="version">The Query API version: IAM's unless the action belongs to another service (STS's is 2011-06-15).</param>
    public IamQueryParameters(string action, string version = ApiVersion)
    {
        Action = action;
        values.Add(new("Action", action));
        values.Add(new("Version", version));
    }

    public string Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Values => values;

    public IamQueryParameters Add(string name, string? value)
    {
        if (value is not null)
            values.Add(new(name, value));
        return this;
    }

    public IamQueryParameters Add(string name, int? value) =>
        Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public IamQueryParameters Add(string name, bool? value) => Add(name, value switch { null => null, true => "true", false => "false" });

    /// <summary><c>Name.member.1=a&amp;Name.member.2=b</c>.</summary>
    public IamQueryParameters AddMembers(string name, IEnumerable<string> values)
    {
        var index = 0;
        foreach (var value in values)
            this.values.Add(new($"{name}.member.{++index}", value));
        return this;
    }

    /// <summary><c>Tags.member.N.Key</c> / <c>Tags.member.N.Value</c>.</summary>
    public IamQueryParameters AddTags(IReadOnlyList<IamTag>? tags)
    {
        if (tags is null)
            return this;
        for (var i = 0; i < tags.Count; i++)
        {
            values.Add(new($"Tags.member.{i + 1}.Key", tags[i].Key));
            values.Add(new($"Tags.member.{i + 1}.Value", tags[i].Value));
        }
        return this;
    }

    /// <summary>A copy with pagination parameters, for the next page of a list.</summary>
    public IamQueryParameters WithMarker(string? marker)
    {
        var copy = new IamQueryParameters(Action);
        copy.values.Clear();
        copy.values.AddRange(values.Where(v => v.Key != "Marker"));
        return copy.Add("Marker", marker);
    }

    /// <summary>application/x-www-form-urlencoded with RFC 3986 percent-encoding, as the AWS SDKs send it.</summary>
    public string ToFormBody()
    {
        var body = new StringBuilder();
        foreach (var (name, value) in values)
        {
            if (body.Length > 0)
                body.Append('&');
            body.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return body.ToString();
    }
}
