using CsCheck;
using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

/// <summary>
/// The write order (<see cref="WriteOrder"/>) as a property of every plan: random desired/observed pairs
/// of every kind, each plan replayed write by write on a model of the entity that enforces IAM's quotas.
/// </summary>
public class WriteOrderPropertyTests
{
    private const int ManagedQuota = 10;   // IAM's default attached-policies quota per user, group or role
    private const int GroupsQuota = 10;    // groups per user
    private const int VersionsQuota = 5;   // versions per managed policy

    private static readonly Gen<(int Seed, IamEntityKind Kind)> Scenarios =
        Gen.Select(Gen.Int, Gen.OneOf(IamEntityKind.User, IamEntityKind.Group, IamEntityKind.Role, IamEntityKind.Policy));

    [Fact]
    public void An_adopting_plan_claims_the_entity_with_its_first_write()
    {
        Scenarios.Sample((seed, kind) =>
        {
            var (desired, observed) = Pair(new Random(seed), kind, adopting: true);
            var plan = Planner.Diff(desired, observed);
            if (plan.Blocker is not null) return plan.Blocker.Reason == ConditionReasons.LimitExceeded && plan.IsEmpty;
            return plan.Actions.Count > 0 && IsClaim(plan.Actions[0], desired.Identity.Owner) && plan.Actions[0].Target == TargetOf(observed);
        }, iter: 2000);
    }

    [Fact]
    public void No_write_crosses_a_quota_midway_and_the_last_write_leaves_IAM_as_declared()
    {
        Scenarios.Sample((seed, kind) =>
        {
            var random = new Random(seed);
            var (desired, observed) = Pair(random, kind, adopting: random.Next(3) == 0);
            var plan = Planner.Diff(desired, observed);
            if (plan.Blocker is not null) return plan.IsEmpty;
            var model = new EntityModel(observed, desired);
            foreach (var action in plan.Actions) model.Apply(action);
            model.AssertMatches(desired);
            return true;
        }, iter: 2000);
    }

    [Fact]
    public void Removals_precede_additions_in_every_plan()
    {
        Scenarios.Sample((seed, kind) =>
        {
            var random = new Random(seed);
            var (desired, observed) = Pair(random, kind, adopting: random.Next(3) == 0);
            var plan = Planner.Diff(desired, observed);
            var phases = plan.Actions.Select(a => WriteOrder.PhaseOf(a, observed)).ToList();
            var lastRemoval = phases.LastIndexOf(WriteOrder.WritePhase.Remove);
            var firstAddition = phases.IndexOf(WriteOrder.WritePhase.Add);
            return lastRemoval < 0 || firstAddition < 0 || lastRemoval < firstAddition;
        }, iter: 1000);
    }

    [Fact]
    public void A_deletion_plan_deletes_the_entity_with_its_last_write_and_releases_a_group_marker_just_before()
    {
        Scenarios.Sample((seed, kind) =>
        {
            var (desired, observed) = Pair(new Random(seed), kind, adopting: false);
            var plan = Planner.DiffDeletion(desired.Identity, observed);
            var phases = plan.Actions.Select(a => WriteOrder.PhaseOf(a, observed)).ToList();
            var deletes = phases.Count(p => p == WriteOrder.WritePhase.Delete);
            var released = kind != IamEntityKind.Group
                || (phases[^2] == WriteOrder.WritePhase.Release && plan.Actions[^1].BoundToPrevious);
            return deletes == 1 && phases[^1] == WriteOrder.WritePhase.Delete && released;
        }, iter: 500);
    }

    [Fact]
    public void A_user_at_the_tag_limit_whose_spec_replaces_one_tag_key_is_untagged_before_it_is_tagged()
    {
        var tags = Enumerable.Range(0, 49).ToDictionary(i => $"k{i}", i => "v");
        var observed = ObservedUser() with { Tags = new Dictionary<string, string>(tags) { [KubernetesApiGroup.OwnerTagKey] = Owner } };
        tags.Remove("k0");
        tags["replacement"] = "v";
        var desired = User() with { Tags = new Dictionary<string, string>(tags) { [KubernetesApiGroup.OwnerTagKey] = Owner } };

        var plan = Planner.Diff(desired, observed);

        Assert.Equal(["UntagUser alice keys k0", "TagUser alice tags replacement=v"], plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void Adopting_and_renaming_a_user_claims_it_under_its_old_name_before_UpdateUser()
    {
        var desired = User(AdoptionPolicy.Adopt) with { Identity = User(AdoptionPolicy.Adopt).Identity with { IamName = "alice.johnson" } };

        var plan = Planner.Diff(desired, ObservedUser(owner: null));

        Assert.Equal($"TagUser alice tags {KubernetesApiGroup.OwnerTagKey}={Owner}", plan.Actions[0].Describe());
        Assert.Equal("UpdateUser alice name→alice.johnson", plan.Actions[1].Describe());
        Assert.All(plan.Actions.Skip(2), a => Assert.Equal("alice.johnson", a.Target));
    }

    [Fact]
    public void Adopting_an_entity_already_at_the_tag_limit_is_refused_before_any_write()
    {
        var observed = ObservedUser(owner: null) with { Tags = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v") };

        var plan = Planner.Diff(User(AdoptionPolicy.Adopt), observed);

        Assert.Equal(ConditionReasons.LimitExceeded, plan.Blocker!.Reason);
        Assert.Contains("50 tags", plan.Blocker.Message);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void A_shrinking_inline_policy_is_rewritten_before_a_growing_one()
    {
        var small = Document(1);
        var large = Document(8);
        var observed = ObservedUser() with { InlinePolicies = Inline(("a", small), ("b", large)) };
        var desired = User() with { InlinePolicies = Inline(("a", large), ("b", small)) };

        var plan = Planner.Diff(desired, observed);

        Assert.Equal(["PutUserPolicy alice b", "PutUserPolicy alice a"], plan.Actions.Select(a => a.Describe()));
    }

    // ------------------------------------------------------------------ generation

    private static (DesiredEntity Desired, ObservedEntity Observed) Pair(Random random, IamEntityKind kind, bool adopting)
    {
        var adoption = adopting ? AdoptionPolicy.Adopt : AdoptionPolicy.Refuse;
        var owner = adopting ? null : Owner;
        var name = random.Next(3) == 0 ? "renamed" : "entity";
        var path = random.Next(5) == 0 ? "/moved/" : "/";
        var identity = Identity(kind, name, adoption) with { Path = kind is IamEntityKind.User or IamEntityKind.Group ? path : "/" };
        if (kind is IamEntityKind.Role or IamEntityKind.Policy) identity = identity with { IamName = "entity" };
        var desiredTags = DesiredTags(random);
        var observedTags = ObservedTags(random, owner);
        var desiredManaged = Some(random, ManagedPool, ManagedQuota);
        var observedManaged = Some(random, ManagedPool, ManagedQuota);
        var desiredInline = InlineSet(random);
        var observedInline = InlineSet(random);
        switch (kind)
        {
            case IamEntityKind.User:
                return (new DesiredUser(identity, desiredTags, Some(random, GroupPool, GroupsQuota), desiredManaged, desiredInline, null, 90, true),
                    new ObservedUser("entity", "/", "arn:aws:iam::123456789012:user/entity", "AIDA1", owner, observedTags,
                        Some(random, GroupPool, GroupsQuota), observedManaged, observedInline, null, [], [], false));
            case IamEntityKind.Group:
                return (new DesiredGroup(identity, desiredManaged, desiredInline),
                    new ObservedGroup("entity", "/", "arn:aws:iam::123456789012:group/entity", "AGPA1", owner, observedManaged, observedInline, []));
            case IamEntityKind.Role:
                return (new DesiredRole(identity, desiredTags, Ec2Trust, "", 3600, desiredManaged, desiredInline, null, InstanceProfile: false),
                    new ObservedRole("entity", "/", "arn:aws:iam::123456789012:role/entity", "AROA1", owner, observedTags,
                        random.Next(2) == 0 ? Ec2Trust : LambdaTrust, "", 3600, observedManaged, observedInline, null, []));
            default:
                var versions = random.Next(1, VersionsQuota + 1);
                return (new DesiredPolicy(identity, desiredTags, Document(random.Next(1, 4)), null),
                    new ObservedPolicy("entity", "/", PolicyArn, "ANPA1", owner, observedTags, null, $"v{versions}", Document(random.Next(1, 4)),
                        Enumerable.Range(1, versions).Select(v => new IamPolicyVersionInfo($"v{v}", v == versions, new DateTimeOffset(2026, 1, v, 0, 0, 0, TimeSpan.Zero))).ToList(),
                        null));
        }
    }

    private static readonly string[] ManagedPool = [.. Enumerable.Range(0, 16).Select(i => $"arn:aws:iam::aws:policy/P{i}")];
    private static readonly string[] GroupPool = [.. Enumerable.Range(0, 16).Select(i => $"G{i}")];
    private static readonly string[] TagKeys = [.. Enumerable.Range(0, 70).Select(i => $"k{i}")];

    private static List<string> Some(Random random, string[] pool, int max) =>
        [.. pool.OrderBy(_ => random.Next()).Take(random.Next(max + 1)).Order(StringComparer.Ordinal)];

    /// <summary>Declared tags: at most 49 plus the owner tag, as the desired state builder allows.</summary>
    private static IReadOnlyDictionary<string, string> DesiredTags(Random random)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal) { [KubernetesApiGroup.OwnerTagKey] = Owner };
        foreach (var key in TagKeys.OrderBy(_ => random.Next()).Take(random.Next(IamLimits.TagsPerEntity))) tags[key] = random.Next(2) == 0 ? "a" : "b";
        return tags;
    }

    /// <summary>Tags IAM holds: up to the limit, sometimes with IAM's own aws: tags (which do not count).</summary>
    private static IReadOnlyDictionary<string, string> ObservedTags(Random random, string? owner)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (owner is not null) tags[KubernetesApiGroup.OwnerTagKey] = owner;
        var room = IamLimits.TagsPerEntity - tags.Count;
        var count = random.Next(4) == 0 ? room : random.Next(room + 1);
        foreach (var key in TagKeys.OrderBy(_ => random.Next()).Take(count)) tags[key] = random.Next(2) == 0 ? "a" : "b";
        if (random.Next(4) == 0) tags["aws:cloudformation:stack-name"] = "stack";
        return tags;
    }

    private static IReadOnlyDictionary<string, string> InlineSet(Random random)
    {
        var inline = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // Aggregate sizes stay within the user's 2,048-character quota, so a plan can always converge.
        var budget = 1800;
        foreach (var name in new[] { "p0", "p1", "p2", "p3" }.OrderBy(_ => random.Next()).Take(random.Next(4)))
        {
            var document = Document(random.Next(1, 12));
            if (PolicyText.IamSize(document) > budget) break;
            budget -= PolicyText.IamSize(document);
            inline[name] = document;
        }
        return inline;
    }

    private static string Document(int actions) => PolicyDocument.Parse(
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[{{string.Join(",", Enumerable.Range(0, actions).Select(i => $"\"s3:Action{i}\""))}}],"Resource":"*"}]}""")
        .ToCanonicalJson();

    private static bool IsClaim(PlannedIamWrite action, string owner) => action.Operation switch
    {
        IamOperation.PutGroupPolicy => GroupOwnershipMarker.IsMarker(action.Subject!),
        IamOperation.TagUser or IamOperation.TagRole or IamOperation.TagPolicy => action.Tags is [{ Key: KubernetesApiGroup.OwnerTagKey } tag] && tag.Value == owner,
        _ => false,
    };

    private static string TargetOf(ObservedEntity observed) => observed is ObservedPolicy policy ? policy.Arn : observed.Name;

    /// <summary>One entity as IAM would hold it after each write, failing where IAM would answer LimitExceeded or NoSuchEntity.</summary>
    private sealed class EntityModel
    {
        private readonly bool isPolicy;
        private readonly int managedLimit, groupsLimit, inlineLimit;
        private string name;
        private readonly Dictionary<string, string> tags;
        private readonly HashSet<string> managed;
        private readonly Dictionary<string, string> inline;
        private readonly HashSet<string> groups;
        private int versions;

        public EntityModel(ObservedEntity observed, DesiredEntity desired)
        {
            isPolicy = observed is ObservedPolicy;
            name = TargetOf(observed);
            (tags, managed, inline, groups) = observed switch
            {
                ObservedUser u => (new Dictionary<string, string>(u.Tags), new HashSet<string>(u.ManagedPolicyArns), new Dictionary<string, string>(u.InlinePolicies), new HashSet<string>(u.GroupNames)),
                ObservedRole r => (new Dictionary<string, string>(r.Tags), new HashSet<string>(r.ManagedPolicyArns), new Dictionary<string, string>(r.InlinePolicies), []),
                ObservedGroup g => (new Dictionary<string, string>(), new HashSet<string>(g.ManagedPolicyArns), new Dictionary<string, string>(g.InlinePolicies), []),
                ObservedPolicy p => (new Dictionary<string, string>(p.Tags), [], [], []),
                _ => throw new ArgumentOutOfRangeException(nameof(observed)),
            };
            versions = (observed as ObservedPolicy)?.Versions.Count ?? 0;
            // Quotas the entity already met and the declaration meets; no step may go beyond the larger of the two.
            managedLimit = Math.Max(managed.Count, Planner.ManagedPolicyArns(desired).Count);
            groupsLimit = Math.Max(groups.Count, (desired as DesiredUser)?.GroupNames.Count ?? 0);
            inlineLimit = Math.Max(InlineSize(inline), InlineSize(InlineOf(desired)));
        }

        public void Apply(PlannedIamWrite action)
        {
            if (action.Operation is not (IamOperation.CreatePolicyVersion or IamOperation.DeletePolicyVersion) || isPolicy)
                Assert.True(action.Target == name, $"{action.Describe()} names '{action.Target}', but IAM calls the entity '{name}' at this step");
            switch (action.Operation)
            {
                case IamOperation.UpdateUser or IamOperation.UpdateGroup:
                    name = action.NewName ?? name;
                    break;
                case IamOperation.TagUser or IamOperation.TagRole or IamOperation.TagPolicy:
                    foreach (var tag in action.Tags!) tags[tag.Key] = tag.Value;
                    Assert.True(Planner.CountedTags(tags) <= IamLimits.TagsPerEntity, $"{action.Describe()} leaves {Planner.CountedTags(tags)} tags");
                    break;
                case IamOperation.UntagUser or IamOperation.UntagRole or IamOperation.UntagPolicy:
                    foreach (var key in action.TagKeys!) tags.Remove(key);
                    break;
                case IamOperation.AttachUserPolicy or IamOperation.AttachGroupPolicy or IamOperation.AttachRolePolicy:
                    managed.Add(action.Subject!);
                    Assert.True(managed.Count <= managedLimit, $"{action.Describe()} attaches {managed.Count} > {managedLimit}");
                    break;
                case IamOperation.DetachUserPolicy or IamOperation.DetachGroupPolicy or IamOperation.DetachRolePolicy:
                    Assert.True(managed.Remove(action.Subject!), $"{action.Describe()}: not attached");
                    break;
                case IamOperation.PutUserPolicy or IamOperation.PutGroupPolicy or IamOperation.PutRolePolicy:
                    if (GroupOwnershipMarker.IsMarker(action.Subject!)) break;
                    inline[action.Subject!] = action.Document!;
                    Assert.True(InlineSize(inline) <= inlineLimit, $"{action.Describe()} makes the inline policies {InlineSize(inline)} > {inlineLimit} characters");
                    break;
                case IamOperation.DeleteUserPolicy or IamOperation.DeleteGroupPolicy or IamOperation.DeleteRolePolicy:
                    Assert.True(inline.Remove(action.Subject!), $"{action.Describe()}: no such inline policy");
                    break;
                case IamOperation.AddUserToGroup:
                    groups.Add(action.Subject!);
                    Assert.True(groups.Count <= groupsLimit, $"{action.Describe()} makes {groups.Count} groups > {groupsLimit}");
                    break;
                case IamOperation.RemoveUserFromGroup:
                    Assert.True(groups.Remove(action.Subject!), $"{action.Describe()}: not a member");
                    break;
                case IamOperation.CreatePolicyVersion:
                    versions++;
                    Assert.True(versions <= VersionsQuota, $"{action.Describe()} makes {versions} versions");
                    break;
                case IamOperation.DeletePolicyVersion:
                    versions--;
                    break;
            }
        }

        public void AssertMatches(DesiredEntity desired)
        {
            Assert.Equal(isPolicy ? PolicyArn : desired.IamName, name);
            Assert.Equal(Planner.ManagedPolicyArns(desired).Order(), managed.Order());
            Assert.Equal(Sorted(InlineOf(desired)), Sorted(inline));
            if (desired is DesiredUser user) Assert.Equal(user.GroupNames.Order(), groups.Order());
            if (TagsOf(desired) is { } declared)
                Assert.Equal(Sorted(declared), Sorted(tags.Where(t => !t.Key.StartsWith("aws:", StringComparison.Ordinal)).ToDictionary()));
        }

        private static IReadOnlyDictionary<string, string> InlineOf(DesiredEntity desired) => desired switch
        {
            DesiredUser u => u.InlinePolicies,
            DesiredGroup g => g.InlinePolicies,
            DesiredRole r => r.InlinePolicies,
            _ => new Dictionary<string, string>(),
        };

        private static IReadOnlyDictionary<string, string>? TagsOf(DesiredEntity desired) => desired switch
        {
            DesiredUser u => u.Tags,
            DesiredRole r => r.Tags,
            DesiredPolicy p => p.Tags,
            _ => null,
        };

        private static List<(string, string)> Sorted(IReadOnlyDictionary<string, string> map) =>
            [.. map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];

        private static int InlineSize(IReadOnlyDictionary<string, string> documents) => documents.Values.Sum(PolicyText.IamSize);
    }
}
