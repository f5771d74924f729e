using CsCheck;
using IamOperator.Resources.Dependencies;
using k8s.Models;

namespace IamOperator.Resources.Tests;

/// <summary>Who references whom: the one definition the controller's wake-ups and deletion warnings and plan's use.</summary>
public sealed class DependencyIndexTests
{
    private const string Ns = "team-a";
    private const string Account = "111122223333";

    [Fact]
    public void Every_kind_of_reference_is_indexed_with_the_field_that_declares_it_and_AWS_managed_policies_are_not()
    {
        var user = User("alice", u =>
        {
            u.GroupRefs = [new ResourceRef { Name = "developers" }, new ResourceRef { Name = "auditors", Namespace = "security" }];
            u.GroupNames = ["Legacy"];
            u.Permissions = new PermissionsSpec
            {
                ManagedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", $"arn:aws:iam::{Account}:policy/teams/deploy"],
                PolicyRefs = [new ResourceRef { Name = "s3-read" }],
            };
            u.PermissionsBoundary = new PermissionsBoundarySpec { PolicyRef = new ResourceRef { Name = "boundary" } };
        });

        var references = DependencyIndex.ReferencesOf(user).Select(r => $"{r.Field} -> {r.Target}");

        Assert.Equal(
        [
            "spec.groupRefs[0] -> IamGroup team-a/developers",
            "spec.groupRefs[1] -> IamGroup security/auditors",
            "spec.groupNames[0] -> IAM group Legacy",
            $"spec.permissions.managedPolicyArns[1] -> managed policy arn:aws:iam::{Account}:policy/teams/deploy",
            "spec.permissions.policyRefs[0] -> IamPolicy team-a/s3-read",
            "spec.permissionsBoundary.policyRef -> IamPolicy team-a/boundary",
        ], references);
    }

    [Fact]
    public void The_field_names_of_list_entries_are_one_instance_for_every_resource_and_stay_exact_past_the_shared_ones()
    {
        var manyGroups = Enumerable.Range(0, 70).Select(i => new ResourceRef { Name = $"group-{i}" }).ToList();
        var alice = DependencyIndex.ReferencesOf(User("alice", u => u.GroupRefs = manyGroups));
        var bob = DependencyIndex.ReferencesOf(User("bob", u => u.GroupRefs = manyGroups));

        Assert.Same(alice[0].Field, bob[0].Field);
        Assert.Same(alice[63].Field, bob[63].Field);
        Assert.Equal(Enumerable.Range(0, 70).Select(i => $"spec.groupRefs[{i}]"), alice.Select(r => r.Field));
    }

    [Fact]
    public void A_group_is_named_by_reference_and_by_its_IAM_name_in_any_case_but_not_by_a_reference_into_another_namespace()
    {
        var developers = Group("developers", iamName: "Developers");
        var index = DependencyIndex.Of(
        [
            User("alice", u => u.GroupRefs = [new ResourceRef { Name = "developers" }]),
            User("bob", u => u.GroupNames = ["DEVELOPERS"]),
            User("carol", u => u.GroupRefs = [new ResourceRef { Name = "developers", Namespace = "team-b" }]),
            developers,
        ]);

        var dependents = index.DependentsOf(developers).Select(r => r.ToString());

        Assert.Equal(["IamUser team-a/alice (spec.groupRefs[0])", "IamUser team-a/bob (spec.groupNames[0])"], dependents);
    }

    [Fact]
    public void A_policy_is_named_by_reference_by_its_ARN_and_before_it_has_one_by_its_path_and_name()
    {
        var created = Policy("deploy", "/teams/", arn: $"arn:aws:iam::{Account}:policy/teams/deploy");
        var declaredOnly = Policy("deploy", "/teams/", arn: null);
        var role = Role("ci", r =>
        {
            r.Permissions = new PermissionsSpec { ManagedPolicyArns = [$"arn:aws:iam::{Account}:policy/teams/deploy"] };
            r.PermissionsBoundary = new PermissionsBoundarySpec { PolicyArn = "arn:aws:iam::444455556666:policy/teams/deploy" };
        });
        var group = Group("ops", permissions: new PermissionsSpec { PolicyRefs = [new ResourceRef { Name = "deploy" }] });
        var unrelated = User("dave", u => u.Permissions = new PermissionsSpec { ManagedPolicyArns = ["arn:aws:iam::aws:policy/teams/deploy", $"arn:aws:iam::{Account}:policy/deploy"] });
        var index = DependencyIndex.Of([role, group, unrelated]);

        string[] expected =
        [
            "IamGroup team-a/ops (spec.permissions.policyRefs[0])",
            "IamServiceRole team-a/ci (spec.permissions.managedPolicyArns[0])",
            "IamServiceRole team-a/ci (spec.permissionsBoundary.policyArn)",
        ];
        Assert.Equal(expected, index.DependentsOf(created).Select(r => r.ToString()));
        Assert.Equal(expected, index.DependentsOf(declaredOnly).Select(r => r.ToString()));
    }

    [Fact]
    public void A_changed_spec_replaces_the_references_it_held_and_a_deleted_resource_holds_none()
    {
        var developers = Group("developers");
        var alice = User("alice", u => u.GroupRefs = [new ResourceRef { Name = "developers" }]);
        var bob = User("bob", u => u.GroupRefs = [new ResourceRef { Name = "developers" }]);
        var index = DependencyIndex.Of([alice, bob]);

        var afterChange = index.With(User("alice", u => u.GroupRefs = [new ResourceRef { Name = "admins" }]));
        var afterDeletion = afterChange.Without(ObjectKey.Of(bob));

        Assert.Equal(["IamUser team-a/bob (spec.groupRefs[0])"], afterChange.DependentsOf(developers).Select(r => r.ToString()));
        Assert.Empty(afterDeletion.DependentsOf(developers));
        Assert.Equal(1, afterDeletion.Count);
        Assert.Equal(2, index.Count); // a value: the earlier index is unchanged
    }

    [Fact]
    public void A_folder_that_references_a_resource_it_does_not_declare_names_every_reference_to_it()
    {
        var resources = new IIamResource[]
        {
            User("alice", u => u.GroupRefs = [new ResourceRef { Name = "developers" }]),
            User("bob", u => { u.GroupRefs = [new ResourceRef { Name = "developers" }, new ResourceRef { Name = "readonly" }]; }),
            Group("readonly"),
        };

        var missing = DependencyIndex.Of(resources).ReferencedButNotDeclared(resources.Select(ObjectKey.Of));

        var (key, references) = Assert.Single(missing);
        Assert.Equal(new ObjectKey("IamGroup", Ns, "developers"), key);
        Assert.Equal(["IamUser team-a/alice (spec.groupRefs[0])", "IamUser team-a/bob (spec.groupRefs[0])"], references.Select(r => r.ToString()));
        Assert.Equal(
            "IamGroup team-a/developers is referenced but not declared: if this change deletes it, that strips access from 2 reference(s) still naming it: "
            + "IamUser team-a/alice (spec.groupRefs[0]), IamUser team-a/bob (spec.groupRefs[0])",
            DeletionWarning.DescribeUndeclared(key, references));
    }

    [Fact]
    public void A_deletion_warning_names_the_first_ten_dependents_and_counts_the_rest()
    {
        var developers = Group("developers");
        var index = DependencyIndex.Of(Enumerable.Range(0, 12).Select(i => User($"user-{i:00}", u => u.GroupRefs = [new ResourceRef { Name = "developers" }])));

        var warning = DeletionWarning.Describe(ObjectKey.Of(developers), index.DependentsOf(developers));

        Assert.NotNull(warning);
        Assert.StartsWith("deleting IamGroup team-a/developers strips access from 12 reference(s) still naming it: IamUser team-a/user-00 (spec.groupRefs[0]), ", warning, StringComparison.Ordinal);
        Assert.Contains("IamUser team-a/user-09", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("user-10", warning, StringComparison.Ordinal);
        Assert.EndsWith(" and 2 more", warning, StringComparison.Ordinal);
        Assert.Null(DeletionWarning.Describe(ObjectKey.Of(developers), []));
    }

    [Fact]
    public void What_dependents_see_of_a_dependency_is_usable_only_with_Ready_an_ARN_and_no_deletion_whatever_the_generation()
    {
        var group = Group("developers", iamName: "Developers");
        group.Metadata.Generation = 2;
        group.Status = new IamResourceStatus
        {
            ObservedGeneration = 1,
            Arn = $"arn:aws:iam::{Account}:group/Developers",
            IamName = "Developers",
            Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = "True", Reason = ConditionReasons.Reconciled }],
        };

        Assert.Equal(new DependencyState(true, $"arn:aws:iam::{Account}:group/Developers", "Developers", "/"), DependencyIndex.StateOf(group));
        group.Metadata.DeletionTimestamp = DateTime.UtcNow;
        Assert.False(DependencyIndex.StateOf(group).Usable);
        Assert.False(DependencyIndex.StateOf(Group("new")).Usable);
    }

    /// <summary>However the index got there (adds, spec changes, deletions in any order), it answers as one built from the final set.</summary>
    [Fact]
    public void An_index_kept_up_by_changes_answers_as_one_built_from_the_resources_that_remain()
    {
        var groups = new[] { "developers", "readonly", "admins" };
        var genUser = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 7].Array[0, 3]).Select((n, picks) => User($"user-{n}", u =>
        {
            u.GroupRefs = [.. picks.Where(p => p < 3).Select(p => new ResourceRef { Name = groups[p] })];
            u.GroupNames = [.. picks.Where(p => p is >= 3 and < 6).Select(p => groups[p - 3].ToUpperInvariant())];
        }));
        var genStep = Gen.Select(Gen.Bool, genUser);

        genStep.Array[0, 30].Sample(steps =>
        {
            var index = DependencyIndex.Empty;
            var current = new Dictionary<ObjectKey, IIamResource>();
            foreach (var (delete, user) in steps)
            {
                var key = ObjectKey.Of(user);
                if (delete)
                {
                    index = index.Without(key);
                    current.Remove(key);
                }
                else
                {
                    index = index.With(user);
                    current[key] = user;
                }
            }

            var rebuilt = DependencyIndex.Of(current.Values);
            foreach (var group in groups.Select(g => Group(g)))
            {
                Assert.Equal(rebuilt.DependentsOf(group), index.DependentsOf(group));
            }
        });
    }

    private static IamUser User(string name, Action<IamUserSpec> spec)
    {
        var user = new IamUser { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns } };
        spec(user.Spec);
        return user;
    }

    private static IamServiceRole Role(string name, Action<IamServiceRoleSpec> spec)
    {
        var role = new IamServiceRole { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns } };
        spec(role.Spec);
        return role;
    }

    private static IamGroup Group(string name, string? iamName = null, PermissionsSpec? permissions = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = new IamGroupSpec { IamName = iamName, Permissions = permissions },
    };

    private static IamPolicy Policy(string name, string path, string? arn) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = new IamPolicySpec { Path = path },
        Status = arn is null ? null : new IamResourceStatus { Arn = arn },
    };
}
