using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace IamOperator.Iam.Emulator.Documents;

/// <summary>
/// The AWS service principals a trust policy may name. IAM refuses any other <c>Principal.Service</c> with
/// MalformedPolicyDocument "Invalid principal in policy: "SERVICE":"name"" (the answer CreateRole and
/// UpdateAssumeRolePolicy give for a misspelt or unknown service). The list is data, <c>ServicePrincipals.txt</c>,
/// with its sources; a regional form <c>service.REGION.amazonaws.com</c> of a listed <c>service.amazonaws.com</c>
/// is accepted too (e.g. logs.us-east-1.amazonaws.com).
/// </summary>
internal static partial class ServicePrincipals
{
    private static readonly Lazy<FrozenSet<string>> Known = new(Load);

    public static IReadOnlyCollection<string> All => Known.Value;

    public static bool IsKnown(string principal)
    {
        if (Known.Value.Contains(principal))
        {
            return true;
        }

        var regional = RegionalForm().Match(principal);
        return regional.Success && Known.Value.Contains($"{regional.Groups["service"].Value}.amazonaws.com");
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(ServicePrincipals).Assembly.GetManifestResourceStream("IamOperator.Iam.Emulator.ServicePrincipals.txt")
            ?? throw new InvalidOperationException("The embedded service principal list is missing from the emulator assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var principals = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                principals.Add(line);
            }
        }

        // IAM compares service principals without regard to case.
        return principals.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^(?<service>[a-z0-9][a-z0-9.-]*)\.[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d\.amazonaws\.com$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionalForm();
}
