using System.Text.RegularExpressions;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Documents;

/// <summary>
/// Constraints on names, paths and tags as the IAM API reference declares them for each parameter
/// (e.g. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html: UserName
/// [\w+=,.@-]+, 1–64; Path (\u002F)|(\u002F[\u0021-\u007E]+\u002F), 1–512).
/// </summary>
internal static partial class NameRules
{
    public const int UserNameLength = 64;
    public const int RoleNameLength = 64;
    public const int GroupNameLength = 128;
    public const int PolicyNameLength = 128;
    public const int InstanceProfileNameLength = 128;

    public static string Name(IamRequest request, string parameter, int maxLength)
    {
        var value = request.Required(parameter);
        CheckName(parameter, value, maxLength);
        return value;
    }

    public static string? OptionalName(IamRequest request, string parameter, int maxLength)
    {
        var value = request.Optional(parameter);
        if (value is not null)
        {
            CheckName(parameter, value, maxLength);
        }

        return value;
    }

    public static string Path(IamRequest request, string parameter = "Path")
    {
        var value = request.Optional(parameter) ?? "/";
        Length(parameter, value, 1, 512);
        if (!PathPattern().IsMatch(value))
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), value, @"Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)").ToException();
        }

        return value;
    }

    public static string? OptionalPath(IamRequest request, string parameter) =>
        request.Optional(parameter) is null ? null : Path(request, parameter);

    public static string PathPrefix(IamRequest request)
    {
        var value = request.Optional("PathPrefix") ?? "/";
        Length("PathPrefix", value, 1, 512);
        if (!PathPrefixPattern().IsMatch(value))
        {
            throw IamError.Validation("pathPrefix", value, @"Member must satisfy regular expression pattern: \u002F[\u0021-\u007E]*").ToException();
        }

        return value;
    }

    public static string Arn(IamRequest request, string parameter)
    {
        var value = request.Required(parameter);
        Length(parameter, value, 20, 2048);
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw IamError.InvalidInput($"ARN {value} is not valid.").ToException();
        }

        return value;
    }

    /// <summary>An MFA serial number: [\w+=/:,.@-]+ of 9–256 characters (a virtual device's is its ARN).</summary>
    public static string SerialNumber(IamRequest request)
    {
        var serial = request.Required("SerialNumber");
        Length("SerialNumber", serial, 9, 256);
        if (!SerialPattern().IsMatch(serial))
        {
            throw IamError.Validation("serialNumber", serial, @"Member must satisfy regular expression pattern: [\w+=/:,.@-]+").ToException();
        }

        return serial;
    }

    /// <summary>A credential id ([\w]+, <paramref name="minLength"/>–128): certificate, SSH key, service-specific credential.</summary>
    public static string CredentialId(IamRequest request, string parameter, int minLength)
    {
        var id = request.Required(parameter);
        Length(parameter, id, minLength, 128);
        if (!WordPattern().IsMatch(id))
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), id, @"Member must satisfy regular expression pattern: [\w]+").ToException();
        }

        return id;
    }

    /// <summary>Tag keys 1–128 and values 0–256 of [\p{L}\p{Z}\p{N}_.:/=+\-@]; "aws:" keys are reserved; no duplicate keys in one call.</summary>
    public static IReadOnlyList<Tag> Tags(IamRequest request, StringComparer keyComparer)
    {
        var tags = request.Tags();
        foreach (var tag in tags)
        {
            Length("tags.member.key", tag.Key, 1, 128);
            if (!TagPattern().IsMatch(tag.Key))
            {
                throw IamError.Validation("tags.member.key", tag.Key, @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+").ToException();
            }

            if (tag.Value.Length > 256)
            {
                throw IamError.Validation("tags.member.value", tag.Value, "Member must have length less than or equal to 256").ToException();
            }

            if (tag.Value.Length > 0 && !TagPattern().IsMatch(tag.Value))
            {
                throw IamError.Validation("tags.member.value", tag.Value, @"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*").ToException();
            }

            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw IamError.InvalidInput($"User-defined tag keys can't start with 'aws:'. Invalid tag key: {tag.Key}").ToException();
            }
        }

        if (tags.Select(tag => tag.Key).Distinct(keyComparer).Count() != tags.Count)
        {
            throw IamError.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.").ToException();
        }

        return tags;
    }

    public static void Length(string parameter, string value, int min, int max)
    {
        if (value.Length < min)
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), value, $"Member must have length greater than or equal to {min}").ToException();
        }

        if (value.Length > max)
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), value, $"Member must have length less than or equal to {max}").ToException();
        }
    }

    private static void CheckName(string parameter, string value, int maxLength)
    {
        Length(parameter, value, 1, maxLength);
        if (!NamePattern().IsMatch(value))
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), value, @"Member must satisfy regular expression pattern: [\w+=,.@-]+").ToException();
        }
    }

    // \w in IAM's pattern is ASCII word characters.
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_+=/:,.@-]+$")]
    private static partial Regex SerialPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_]+$")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^(/|/[\u0021-\u007E]+/)$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^/[\u0021-\u007E]*$")]
    private static partial Regex PathPrefixPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagPattern();
}
