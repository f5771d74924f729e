using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Planning;

/// <summary>Matching desired/observed pairs per kind: the no-op baseline each planner test changes one field of.</summary>
internal static class Entities
{
    public const string Owner = "cluster-a/team/devs";
    public const string OtherOwner = "cluster-b/team/devs";
    public const string ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    public const string PowerUser = "arn:aws:iam::aws:policy/PowerUserAccess";
    public const string S3Read = """{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}""";
    public const string S3Write = """{"Statement":[{"Action":"s3:PutObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}""";
    public const string Ec2Trust = """{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}""";
    public const string LambdaTrust = """{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}],"Version":"2012-10-17"}""";
    public const string PolicyArn = "arn:aws:iam::123456789012:policy/s3-read";

    public static EntityIdentity Identity(IamEntityKind kind, string name, AdoptionPolicy adoption = AdoptionPolicy.Refuse, DeletionPolicy deletion = DeletionPolicy.Delete) =>
        new(kind, new ResourceKey(kind.ToString(), "team", "devs"), name, "/", Owner, deletion, adoption);

    public static IReadOnlyDictionary<string, string> Tags(params (string Key, string Value)[] tags)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal) { [KubernetesApiGroup.OwnerTagKey] = Owner };
        foreach (var (key, value) in tags) map[key] = value;
        return map;
    }

    public static IReadOnlyDictionary<string, string> Inline(params (string Name, string Document)[] policies)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, document) in policies) map[name] = document;
        return map;
    }

    public static DesiredGroup Group(AdoptionPolicy adoption = AdoptionPolicy.Refuse) =>
        new(Identity(IamEntityKind.Group, "Developers", adoption), [PowerUser], Inline(("s3", S3Read)));

    public static ObservedGroup ObservedGroup(string? owner = Owner) =>
        new("Developers", "/", "arn:aws:iam::123456789012:group/Developers", "AGPA1", owner, [PowerUser], Inline(("s3", S3Read)), ["alice"]);

    public static DesiredUser User(AdoptionPolicy adoption = AdoptionPolicy.Refuse) =>
        new(Identity(IamEntityKind.User, "alice", adoption), Tags(("team", "dev")), ["Developers"], [ReadOnly], Inline(("s3", S3Read)), null, 90, true);

    public static ObservedUser ObservedUser(string? owner = Owner) =>
        new("alice", "/", "arn:aws:iam::123456789012:user/alice", "AIDA1", owner,
            owner is null ? new Dictionary<string, string> { ["team"] = "dev" } : WithOwner(Tags(("team", "dev")), owner),
            ["Developers"], [ReadOnly], Inline(("s3", S3Read)), null, [], [], false);

    public static DesiredRole Role(AdoptionPolicy adoption = AdoptionPolicy.Refuse, bool instanceProfile = true) =>
        new(Identity(IamEntityKind.Role, "EC2-S3-Access-Role", adoption), Tags(), Ec2Trust, "EC2 reads S3", 3600,
            [ReadOnly], Inline(), null, instanceProfile);

    public static ObservedRole ObservedRole(string? owner = Owner, bool instanceProfile = true) =>
        new("EC2-S3-Access-Role", "/", "arn:aws:iam::123456789012:role/EC2-S3-Access-Role", "AROA1", owner,
            owner is null ? new Dictionary<string, string>() : WithOwner(Tags(), owner), Ec2Trust, "EC2 reads S3", 3600, [ReadOnly], Inline(), null,
            instanceProfile
                ? [new ObservedInstanceProfile("EC2-S3-Access-Role", "arn:aws:iam::123456789012:instance-profile/EC2-S3-Access-Role", ["EC2-S3-Access-Role"], owner)]
                : []);

    public static DesiredPolicy Policy(AdoptionPolicy adoption = AdoptionPolicy.Refuse) =>
        new(Identity(IamEntityKind.Policy, "s3-read", adoption), Tags(), S3Read, "read S3");

    public static ObservedPolicy ObservedPolicy(string? owner = Owner, int versions = 1) =>
        new("s3-read", "/", PolicyArn, "ANPA1", owner, owner is null ? new Dictionary<string, string>() : WithOwner(Tags(), owner), "read S3",
            $"v{versions}", S3Read,
            Enumerable.Range(1, versions).Select(v => new IamPolicyVersionInfo($"v{v}", v == versions, new DateTimeOffset(2026, 1, v, 0, 0, 0, TimeSpan.Zero))).ToList(),
            new PolicyEntities(["alice"], ["Developers"], []));

    private static IReadOnlyDictionary<string, string> WithOwner(IReadOnlyDictionary<string, string> tags, string owner) =>
        new SortedDictionary<string, string>(tags.ToDictionary(), StringComparer.Ordinal) { [KubernetesApiGroup.OwnerTagKey] = owner };
}
