using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmark 2: plans per second from <see cref="Planner.Diff"/> (pure) for a user, a group and a role with a
/// realistic number of attachments, when IAM is in sync (the steady state), has drifted, or lacks the entity.
/// </summary>
public static class PlannerBenchmark
{
    private const string Account = "111122223333";
    private const string OwnerId = "bench-cluster";

    public static void Run(TextWriter output)
    {
        var table = new Table("entity", "attachments", "IAM state", "actions", "plans/s (median)", "µs/plan", "spread ±%");
        foreach (var (entity, attachments, desired, inSync, drifted) in Cases())
        {
            foreach (var (state, observed) in new (string, ObservedEntity?)[] { ("in sync", inSync), ("drifted", drifted), ("absent", null) })
            {
                var plan = Planner.Diff(desired, observed);
                if (plan.Blocker is not null || (state == "in sync") != plan.IsEmpty)
                {
                    throw new InvalidOperationException($"{entity} {state}: unexpected plan {plan.Describe()}");
                }

                var result = Measurement.Run($"{entity} {state}", () => Planner.Diff(desired, observed).Actions.Count);
                table.Add(entity, attachments, state, plan.Actions.Count, result.Median, result.MicrosecondsPerOperation, result.SpreadPercent);
            }
        }

        table.WriteTo(output, "2. Planner.Diff (pure): plans per second (7 rounds of ~0.3 s after 0.5 s warm-up)");
    }

    private static IEnumerable<(string Entity, string Attachments, DesiredEntity Desired, ObservedEntity InSync, ObservedEntity Drifted)> Cases()
    {
        var managed = Enumerable.Range(0, 8).Select(i => $"arn:aws:iam::{Account}:policy/bench/TeamPolicy{i}").ToList();
        var tags = Enumerable.Range(0, 10).ToDictionary(i => $"tag-{i}", i => $"value-{i}");

        var userId = Identity(IamEntityKind.User, "IamUser", "alice", "alice");
        var userTags = WithOwner(tags, userId);
        var user = new DesiredUser(userId, userTags, [.. Enumerable.Range(0, 5).Select(i => $"Group{i}")], managed[..5], Inline(2), null, 90, true);
        var userInSync = new ObservedUser(user.Identity.IamName, "/", $"arn:aws:iam::{Account}:user/alice", "AIDAEXAMPLE", userId.Owner,
            user.Tags, user.GroupNames, user.ManagedPolicyArns, user.InlinePolicies, null, [], [], false);
        var userDrifted = userInSync with
        {
            GroupNames = [.. user.GroupNames.Skip(1), "Admins"],
            ManagedPolicyArns = [.. user.ManagedPolicyArns.Skip(1), "arn:aws:iam::aws:policy/AdministratorAccess"],
            Tags = userTags.Where(t => t.Key != "tag-0").ToDictionary(),
        };
        yield return ("user", "5 groups, 5 managed, 2 inline, 11 tags", user, userInSync, userDrifted);

        var groupId = Identity(IamEntityKind.Group, "IamGroup", "developers", "Developers");
        var group = new DesiredGroup(groupId, managed, Inline(3));
        var groupInSync = new ObservedGroup(groupId.IamName, "/", $"arn:aws:iam::{Account}:group/Developers", "AGPAEXAMPLE", groupId.Owner,
            group.ManagedPolicyArns, group.InlinePolicies, null);
        var groupDrifted = groupInSync with
        {
            ManagedPolicyArns = [.. group.ManagedPolicyArns.Take(6)],
            InlinePolicies = group.InlinePolicies.ToDictionary(p => p.Key, p => p.Key == "Inline0" ? Inline(1).Values.Single().Replace("Allow", "Deny", StringComparison.Ordinal) : p.Value),
        };
        yield return ("group", "8 managed, 3 inline", group, groupInSync, groupDrifted);

        var roleId = Identity(IamEntityKind.Role, "IamServiceRole", "orders-api", "orders-api");
        var roleTags = WithOwner(tags, roleId);
        var trust = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""").ToCanonicalJson();
        var role = new DesiredRole(roleId, roleTags, trust, "Orders API", 3600, managed, Inline(2), $"arn:aws:iam::{Account}:policy/Boundary", true);
        var roleInSync = new ObservedRole(roleId.IamName, "/", $"arn:aws:iam::{Account}:role/orders-api", "AROAEXAMPLE", roleId.Owner,
            role.Tags, role.TrustPolicy, role.Description, role.MaxSessionDurationSeconds, role.ManagedPolicyArns, role.InlinePolicies,
            role.PermissionsBoundaryArn,
            [new ObservedInstanceProfile(roleId.IamName, $"arn:aws:iam::{Account}:instance-profile/orders-api", [roleId.IamName], roleId.Owner)]);
        var roleDrifted = roleInSync with { Description = "changed by hand", ManagedPolicyArns = [.. role.ManagedPolicyArns.Skip(2)], PermissionsBoundaryArn = null };
        yield return ("role", "8 managed, 2 inline, 11 tags, boundary, instance profile", role, roleInSync, roleDrifted);
    }

    private static EntityIdentity Identity(IamEntityKind kind, string resourceKind, string name, string iamName) =>
        new(kind, new ResourceKey(resourceKind, "bench", name), iamName, "/", $"{OwnerId}/bench/{name}", DeletionPolicy.Delete, AdoptionPolicy.Refuse);

    private static Dictionary<string, string> WithOwner(Dictionary<string, string> tags, EntityIdentity identity) =>
        new(tags) { [KubernetesApiGroup.OwnerTagKey] = identity.Owner };

    private static Dictionary<string, string> Inline(int count) => Enumerable.Range(0, count).ToDictionary(
        i => $"Inline{i}",
        i => PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{{i}}/*"}]}""").ToCanonicalJson());
}
