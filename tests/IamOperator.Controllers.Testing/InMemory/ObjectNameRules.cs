using System.Text.RegularExpressions;

namespace IamOperator.Controllers.InMemory;

/// <summary>
/// The apiserver's name rules (k8s.io/apimachinery/pkg/util/validation): custom resource names are
/// RFC 1123 subdomains (what ValidateObjectMeta applies to CRs), namespace names RFC 1123 labels.
/// Messages are the apiserver's.
/// </summary>
public static partial class ObjectNameRules
{
    private const string Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Subdomain = Label + "(\\." + Label + ")*";

    /// <summary>Null when <paramref name="name"/> is a valid RFC 1123 subdomain, otherwise the reason.</summary>
    public static string? CheckSubdomain(string name)
    {
        if (name.Length > 253)
        {
            return "must be no more than 253 characters";
        }

        return SubdomainPattern().IsMatch(name)
            ? null
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + Subdomain + "')";
    }

    /// <summary>Null when <paramref name="name"/> is a valid RFC 1123 label, otherwise the reason.</summary>
    public static string? CheckLabel(string name)
    {
        if (name.Length > 63)
        {
            return "must be no more than 63 characters";
        }

        return LabelPattern().IsMatch(name)
            ? null
            : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + Label + "')";
    }

    [GeneratedRegex("^" + Subdomain + "$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^" + Label + "$")]
    private static partial Regex LabelPattern();
}
