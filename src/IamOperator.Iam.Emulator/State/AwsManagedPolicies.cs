using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// Every AWS managed policy AWS publishes (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html),
/// read from the embedded catalogue <c>AwsManagedPolicies.tsv</c>: path, name, default version, dates, and the
/// default document in full for the policies tests and samples use, abbreviated for the rest (docs/iam-emulator.md
/// says which and where the catalogue comes from). Ids are stable per name but not AWS's.
/// </summary>
internal static class AwsManagedPolicies
{
    /// <summary>The document answered for a policy whose catalogue row carries none: valid, and it grants nothing.</summary>
    public const string PlaceholderDocument =
        """{"Version":"2012-10-17","Statement":[{"Sid":"AbbreviatedByTheIamEmulator","Effect":"Allow","NotAction":"*","Resource":"*"}]}""";

    /// <summary>Policies reserved for service-linked roles: IAM answers PolicyNotAttachable (API_AttachUserPolicy).</summary>
    public const string ServiceLinkedRolePath = "/aws-service-role/";

    private static readonly Lazy<IReadOnlyList<Row>> Catalogue = new(Load);

    /// <summary>One catalogue row; <see cref="Document"/> is null when the catalogue abbreviates it to the placeholder.</summary>
    public sealed record Row(string Path, string Name, string VersionId, DateTimeOffset CreateDate, DateTimeOffset UpdateDate, bool IsFullDocument, string? Description, string? Document)
    {
        public string Arn => $"arn:aws:iam::aws:policy{Path}{Name}";
    }

    public static IReadOnlyList<Row> All => Catalogue.Value;

    public static IEnumerable<ManagedPolicyEntity> Create() => All.Select(Entity);

    private static ManagedPolicyEntity Entity(Row row)
    {
        var policy = new ManagedPolicyEntity
        {
            Name = row.Name,
            Id = StableId(row.Name),
            Path = row.Path,
            Arn = row.Arn,
            CreateDate = row.CreateDate,
            UpdateDate = row.UpdateDate,
            Description = row.Description,
            IsAwsManaged = true,
            IsAttachable = row.Path != ServiceLinkedRolePath,
            NextVersionNumber = int.Parse(row.VersionId[1..], CultureInfo.InvariantCulture) + 1,
        };
        policy.Versions.Add(new PolicyVersionEntry(row.VersionId, row.Document ?? PlaceholderDocument, row.UpdateDate) { IsDefault = true });
        return policy;
    }

    private static List<Row> Load()
    {
        using var stream = typeof(AwsManagedPolicies).Assembly.GetManifestResourceStream("IamOperator.Iam.Emulator.AwsManagedPolicies.tsv")
            ?? throw new InvalidOperationException("The embedded AWS managed policy catalogue is missing from the emulator assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rows = new List<Row>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 8 || fields[5] is not ("full" or "abbreviated"))
            {
                throw new InvalidOperationException($"Malformed AWS managed policy catalogue row: {line[..Math.Min(line.Length, 120)]}");
            }

            rows.Add(new Row(
                fields[0],
                fields[1],
                fields[2],
                DateTimeOffset.Parse(fields[3], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTimeOffset.Parse(fields[4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                fields[5] == "full",
                fields[6].Length == 0 ? null : fields[6],
                fields[7].Length == 0 ? null : fields[7]));
        }

        return rows;
    }

    private static string StableId(string name)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return "ANPA" + new string(hash.Take(17).Select(b => alphabet[b % 32]).ToArray());
    }
}
