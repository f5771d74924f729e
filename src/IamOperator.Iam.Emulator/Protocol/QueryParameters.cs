using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// The Query protocol's parameters (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonParameters.html):
/// where they come from, the API version they must name, and the rules every parameter obeys whatever the action.
/// </summary>
internal static partial class QueryParameters
{
    /// <summary>The only API version IAM has; any other, or none, is an unknown operation.</summary>
    public const string ApiVersion = "2010-05-08";

    /// <summary>
    /// The largest request body the emulator reads. IAM's largest legitimate request is one policy document of
    /// 131,072 characters, each up to 6 bytes once UTF-8 and percent-encoded (786,432 bytes), plus a few short
    /// parameters; 1 MiB holds it with room to spare and stops a client from making the emulator buffer more.
    /// </summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Query string and, for form posts, the body: IAM accepts parameters in either. A name given twice keeps its
    /// first value, as AWS's Query front ends do.
    /// </summary>
    public static Dictionary<string, string> Parse(string? queryString, string? contentType, byte[] body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(queryString))
        {
            parameters.TryAdd(name, values[0] ?? "");
        }

        if (body.Length > 0 && (contentType is null || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                parameters.TryAdd(name, values[0] ?? "");
            }
        }

        return parameters;
    }

    /// <summary>
    /// IAM's answer to a missing or wrong <c>Version</c>, the same as for an unknown action: InvalidAction
    /// "Could not find operation X for version V", with <c>NO_VERSION_SPECIFIED</c> when there is none.
    /// </summary>
    public static IamError? VersionProblem(string action, bool actionKnown, string? version) =>
        actionKnown && version == ApiVersion
            ? null
            : new IamError("InvalidAction", $"Could not find operation {action} for version {version ?? "NO_VERSION_SPECIFIED"}", 400);

    /// <summary>
    /// Rules every parameter obeys: no control character other than tab, LF and CR (no IAM parameter pattern
    /// admits one), and lists numbered <c>Name.member.1</c>, <c>.2</c>, … without gaps (the Query protocol's
    /// list encoding starts at 1). The first broken rule as IAM's ValidationError, or null.
    /// </summary>
    public static IamError? Problem(IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (name, value) in parameters.OrderBy(parameter => parameter.Key, StringComparer.Ordinal))
        {
            if (value.Any(IsForbiddenCharacter))
            {
                return IamError.Validation(IamRequest.FieldName(name), IamXml.Printable(value),
                    "Member must not contain control characters other than tab, line feed and carriage return");
            }
        }

        var indexesByList = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var name in parameters.Keys.Order(StringComparer.Ordinal))
        {
            var member = ListMember().Match(name);
            if (!member.Success)
            {
                continue;
            }

            var list = member.Groups["list"].Value;
            var text = member.Groups["index"].Value;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1 || text.StartsWith('0'))
            {
                return IamError.Validation(IamRequest.FieldName(list), name, "List members are numbered from 1: member.1, member.2, …");
            }

            (indexesByList.TryGetValue(list, out var indexes) ? indexes : indexesByList[list] = []).Add(index);
        }

        foreach (var (list, indexes) in indexesByList)
        {
            if (indexes.Max != indexes.Count)
            {
                var missing = Enumerable.Range(1, indexes.Max).First(index => !indexes.Contains(index));
                return IamError.Validation(IamRequest.FieldName(list), $"{list}.member.{missing}", "List members are numbered from 1 without gaps: member.1, member.2, …");
            }
        }

        return null;
    }

    private static bool IsForbiddenCharacter(char character) =>
        (character < '\u0020' && character is not ('\t' or '\n' or '\r')) || character is '\uFFFE' or '\uFFFF';

    [GeneratedRegex(@"^(?<list>.+?)\.member\.(?<index>[^.]*)(\..*)?$")]
    private static partial Regex ListMember();
}
