using CsCheck;
using IamOperator.Policies;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Access;

public class PolicyGatheringTests
{
    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private const string PowerUser = "arn:aws:iam::aws:policy/PowerUserAccess";
    private const string ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private const string Reports = "arn:aws:iam::111122223333:policy/team/ReportsRead";

    private static readonly Dictionary<string, string> AwsDocuments = new()
    {
        [Admin] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
        [PowerUser] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"},{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}""",
        [ReadOnly] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","iam:ListRoles"],"Resource":"*"}]}""",
    };

    private const string ReportsDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}""";
    private const string LogsDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:PutLogEvents"],"Resource":"*"}]}""";

    private static PrincipalPolicies User(string name, string[]? groups = null, string[]? managed = null, Dictionary<string, string>? inline = null, string? boundary = null) =>
        new(IamEntityKind.User, name, groups ?? [], managed ?? [], inline ?? [], boundary);

    private static PrincipalPolicies Group(string name, string[]? managed = null, Dictionary<string, string>? inline = null) =>
        new(IamEntityKind.Group, name, [], managed ?? [], inline ?? [], null);

    private static ObservedGroup ObservedGroup(string name, params string[] managed) =>
        new(name, "/", $"arn:aws:iam::111122223333:group/{name}", "AGPA" + name, null, managed, new Dictionary<string, string>(), null);

    private static ObservedUser ObservedUser(string name, params string[] groups) =>
        new(name, "/", $"arn:aws:iam::111122223333:user/{name}", "AIDA" + name, null, new Dictionary<string, string>(), groups, [],
            new Dictionary<string, string>(), null, null, null, null);

    private static ObservedPolicy ObservedPolicy(string name, string document) =>
        new(name, "/team/", $"arn:aws:iam::111122223333:policy/team/{name}", "ANPA" + name, null, new Dictionary<string, string>(), null, "v1", document, [], null);

    /// <summary>A snapshot as a lookup by kind and name, as <see cref="AccountSnapshot.Find"/> answers.</summary>
    private static Func<IamEntityKind, string, ObservedEntity?> Snapshot(params ObservedEntity[] entities) =>
        (kind, name) => entities.FirstOrDefault(e => KindOf(e) == kind && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IamEntityKind KindOf(ObservedEntity entity) => entity switch
    {
        Observed.ObservedUser => IamEntityKind.User,
        Observed.ObservedGroup => IamEntityKind.Group,
        ObservedRole => IamEntityKind.Role,
        _ => IamEntityKind.Policy,
    };

    private static PermissionsState Planned(Func<IamEntityKind, string, ObservedEntity?>? snapshot, params PrincipalPolicies[] declared) =>
        new(declared, new Dictionary<string, string>(), snapshot);

    private static ResolvedPolicies Resolve(GatheredPolicies gathered) => PolicyGathering.Resolve(gathered, AwsDocuments.GetValueOrDefault);

    [Fact]
    public void A_users_policies_are_its_own_its_groups_and_its_boundary_each_named_by_the_path_that_brings_it()
    {
        var state = Planned(null,
            User("alice.johnson", ["DevOps"], [ReadOnly], new() { ["logs"] = LogsDocument }, boundary: PowerUser),
            Group("DevOps", [Admin], new() { ["reports"] = ReportsDocument }));

        var gathered = PolicyGathering.Gather(IamEntityKind.User, "alice.johnson", state);

        Assert.Equal(["ReadOnlyAccess", "group DevOps → AdministratorAccess", "group DevOps → inline policy reports", "inline policy logs"],
            gathered.Identity.Select(p => p.Via).Order(StringComparer.Ordinal));
        Assert.Equal("permissions boundary PowerUserAccess", gathered.Boundary?.Via);
        Assert.Equal(new[] { Admin, PowerUser, ReadOnly }.Order(StringComparer.Ordinal), gathered.AwsManagedArns.Order(StringComparer.Ordinal));
        var resolved = Resolve(gathered);
        Assert.Empty(resolved.Unavailable);
        Assert.Equal(4, resolved.Identity.Count);
        Assert.Equal("permissions boundary PowerUserAccess", resolved.Boundary?.Source);
    }

    [Fact]
    public void Declared_principals_override_the_snapshot_and_undeclared_groups_come_from_it()
    {
        // alice is declared into DevOps; the account still has her in Developers, and DevOps is not declared.
        var snapshot = Snapshot(ObservedUser("alice.johnson", "Developers"), ObservedGroup("Developers", PowerUser), ObservedGroup("DevOps", Admin));
        var planned = PolicyGathering.Gather(IamEntityKind.User, "alice.johnson", Planned(snapshot, User("alice.johnson", ["devops"])));
        var current = PolicyGathering.Gather(IamEntityKind.User, "alice.johnson", PermissionsState.Current(snapshot));

        Assert.Equal(["group DevOps → AdministratorAccess"], planned.Identity.Select(p => p.Via));
        Assert.Equal(["group Developers → PowerUserAccess"], current.Identity.Select(p => p.Via));
        Assert.NotEqual(current, planned);
    }

    [Fact]
    public void A_group_neither_declared_nor_in_the_account_makes_the_gathering_incomplete_not_silently_smaller()
    {
        var gathered = PolicyGathering.Gather(IamEntityKind.User, "bob", Planned(null, User("bob", ["Ghosts"])));

        Assert.Equal(["Ghosts"], gathered.MissingGroups);
        Assert.Contains("group Ghosts (neither declared nor in the account)", Resolve(gathered).Unavailable);
    }

    [Fact]
    public void Customer_managed_documents_come_from_the_declaration_first_then_the_account()
    {
        var snapshot = Snapshot(ObservedPolicy("ReportsRead", LogsDocument));
        var user = User("carol", managed: [Reports]);

        var fromAccount = PolicyGathering.Gather(IamEntityKind.User, "carol", Planned(snapshot, user));
        var declared = PolicyGathering.Gather(IamEntityKind.User, "carol",
            new PermissionsState([user], new Dictionary<string, string> { [Reports] = ReportsDocument }, snapshot));

        Assert.Contains("logs:PutLogEvents", Assert.Single(fromAccount.Identity).Document);
        Assert.Contains("s3:GetObject", Assert.Single(declared.Identity).Document);
        Assert.NotEqual(fromAccount, declared);
    }

    [Fact]
    public void An_AWS_managed_document_that_could_not_be_read_is_named_as_unavailable()
    {
        var gathered = PolicyGathering.Gather(IamEntityKind.Role, "r", Planned(null, new PrincipalPolicies(IamEntityKind.Role, "r", [], [Admin], new Dictionary<string, string>(), null)));

        var resolved = PolicyGathering.Resolve(gathered, _ => null);

        Assert.Empty(resolved.Identity);
        Assert.Equal(["AdministratorAccess (document not available)"], resolved.Unavailable);
    }

    [Fact]
    public void A_principal_the_state_does_not_have_has_no_policies()
    {
        Assert.Equal(GatheredPolicies.None, PolicyGathering.Gather(IamEntityKind.User, "nobody", PermissionsState.Current(null)));
    }

    [Fact]
    public void The_same_policies_declared_and_observed_gather_equal_whatever_their_order_and_spelling()
    {
        // IAM returns documents re-serialised and lists in its own order; neither is a change of access.
        var spellings = new[] { LogsDocument, LogsDocument.Replace(",", " ,\n ").Replace("[\"logs:PutLogEvents\"]", "\"logs:PutLogEvents\"") };
        Gen.Select(Gen.Shuffle(new[] { Admin, ReadOnly, PowerUser }), Gen.Shuffle(new[] { "DevOps", "Developers" }), Gen.Int[0, 1]).Sample((managed, groups, spelling) =>
        {
            var reference = Planned(null,
                User("dave", ["DevOps", "Developers"], [Admin, ReadOnly, PowerUser], new() { ["logs"] = LogsDocument }),
                Group("DevOps", [Admin]), Group("Developers", [PowerUser]));
            var shuffled = Planned(null,
                User("dave", groups, managed, new() { ["logs"] = spellings[spelling] }),
                Group("DevOps", [Admin]), Group("Developers", [PowerUser]));
            return PolicyGathering.Gather(IamEntityKind.User, "dave", reference).Equals(PolicyGathering.Gather(IamEntityKind.User, "DAVE", shuffled));
        });
    }
}
