using System.Xml.Linq;

namespace IamOperator.Testing;

/// <summary>An answer from the emulator: status and parsed XML, with paths relative to the action's Result element.</summary>
public sealed record IamResponse(int Status, XDocument Xml, string RawBody)
{
    public static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    public bool IsSuccess => Status == 200;

    public string? ErrorCode => Xml.Root?.Element(Ns + "Error")?.Element(Ns + "Code")?.Value;

    public string? ErrorMessage => Xml.Root?.Element(Ns + "Error")?.Element(Ns + "Message")?.Value;

    public string? ErrorType => Xml.Root?.Element(Ns + "Error")?.Element(Ns + "Type")?.Value;

    public XElement? Result => Xml.Root?.Elements().FirstOrDefault(element => element.Name.LocalName.EndsWith("Result", StringComparison.Ordinal));

    /// <summary>The elements at a slash-separated path under the Result element, e.g. "Users/member/UserName".</summary>
    public IReadOnlyList<XElement> All(string path)
    {
        IEnumerable<XElement> current = Result is null ? [] : [Result];
        foreach (var step in path.Split('/'))
        {
            current = current.SelectMany(element => element.Elements(Ns + step));
        }

        return current.ToList();
    }

    public IReadOnlyList<string> Values(string path) => All(path).Select(element => element.Value).ToList();

    public string? Value(string path) => All(path).FirstOrDefault()?.Value;

    /// <summary>Fails with the error body when the call did not succeed.</summary>
    public IamResponse EnsureSuccess() =>
        IsSuccess ? this : throw new Xunit.Sdk.XunitException($"Expected success, got {Status} {ErrorCode}: {ErrorMessage}");
}
