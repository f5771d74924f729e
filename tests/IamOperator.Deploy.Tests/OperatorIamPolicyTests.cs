using IamOperator.Iam;

namespace IamOperator.Deploy.Tests;

/// <summary>
/// config/iam/operator-policy.json is the operator's least privilege: exactly the IAM actions its
/// client can call, scoped, and built so the operator cannot create anything more powerful than
/// the permissions boundary (docs/install.md, "Permissions boundary").
/// </summary>
public sealed class OperatorIamPolicyTests
{
    private static readonly OperatorIamPolicy Policy = OperatorIamPolicy.Load();

    /// <summary>Authorization-only actions (no API call of their own) the client's calls need.</summary>
    private static readonly Dictionary<string, string> PermissionOnlyActions = new()
    {
        // AddRoleToInstanceProfile needs iam:PassRole on the role (IAM API reference, AddRoleToInstanceProfile).
        ["PassRole"] = "AddRoleToInstanceProfile",
    };

    /// <summary>Client actions the policy denies on purpose: removing a boundary would let a user or role escape it.</summary>
    private static readonly string[] DeniedByDesign = ["DeleteUserPermissionsBoundary", "DeleteRolePermissionsBoundary"];

    private static readonly string[] PermissionGrantingWrites =
    [
        "CreateUser", "CreateRole", "PutUserPermissionsBoundary", "PutRolePermissionsBoundary",
        "AttachUserPolicy", "DetachUserPolicy", "PutUserPolicy", "DeleteUserPolicy",
        "AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "DeleteRolePolicy",
    ];

    [Fact]
    public void Policy_names_every_action_the_IAM_client_can_call_and_nothing_more()
    {
        var named = Policy.Statements.SelectMany(s => s.Actions).ToHashSet();
        var expected = IamActions.All.Concat(PermissionOnlyActions.Keys).ToHashSet();

        Assert.Empty(expected.Except(named));
        Assert.Empty(named.Except(expected));
    }

    [Fact]
    public void Every_client_action_is_allowed_except_those_denied_by_design()
    {
        var allowed = Policy.Allows.SelectMany(s => s.Actions).ToHashSet();

        Assert.Equal(IamActions.All.Except(DeniedByDesign).Order(), IamActions.All.Where(allowed.Contains).Order());
        Assert.All(DeniedByDesign, action => Assert.Contains(Policy.Denies, s => s.Actions.Contains(action)));
    }

    [Fact]
    public void No_statement_uses_a_wildcard_action()
    {
        Assert.All(Policy.Statements.SelectMany(s => s.Actions), action => Assert.DoesNotContain("*", action));
    }

    [Fact]
    public void Only_reads_are_allowed_on_every_resource()
    {
        foreach (var statement in Policy.Allows.Where(s => s.Resources.Contains("*")))
        {
            // IAM has no resource type for the account's own settings: those writes can only be granted on "*".
            Assert.All(statement.Actions, action => Assert.False(IamActions.IsWrite(action) && !IamActions.AccountLevelWrites.Contains(action),
                $"{statement.Sid} allows write {action} on *"));
        }
    }

    [Fact]
    public void Writes_are_scoped_to_the_entity_type_they_change()
    {
        foreach (var statement in Policy.Allows.Where(s => s.Actions.Any(a => IamActions.IsWrite(a) && !IamActions.AccountLevelWrites.Contains(a))))
        {
            Assert.All(statement.Resources, resource =>
                Assert.Matches(@"^arn:aws:iam::ACCOUNT_ID:(user|group|role|policy|instance-profile|mfa)/\*$", resource));
        }
    }

    [Fact]
    public void Account_level_writes_have_a_statement_of_their_own_granting_nothing_else()
    {
        var statement = Assert.Single(Policy.Allows, s => s.Actions.Intersect(IamActions.AccountLevelWrites).Any());

        Assert.Equal(IamActions.AccountLevelWrites.Order(), statement.Actions.Order());
        Assert.Equal(["*"], statement.Resources);
    }

    [Fact]
    public void Virtual_MFA_devices_can_only_be_deleted()
    {
        // Deleting a deleted user's virtual device is the only write on mfa/*; IAM itself refuses while a device is enabled.
        var onDevices = Policy.Allows.Where(s => s.Resources.Contains("arn:aws:iam::ACCOUNT_ID:mfa/*")).SelectMany(s => s.Actions);

        Assert.Equal(["DeleteVirtualMFADevice"], onDevices);
        Assert.All(Policy.AllowsOf("DeleteVirtualMFADevice"), statement => Assert.Equal(["arn:aws:iam::ACCOUNT_ID:mfa/*"], statement.Resources));
    }

    [Fact]
    public void Users_and_roles_are_created_and_given_permissions_only_with_the_permissions_boundary()
    {
        foreach (var action in PermissionGrantingWrites)
        {
            var statements = Policy.AllowsOf(action).ToList();
            Assert.NotEmpty(statements);
            Assert.All(statements, statement =>
                Assert.Equal(OperatorIamPolicy.BoundaryArn, (string?)statement.Condition?["StringEquals"]?["iam:PermissionsBoundary"]));
        }
    }

    [Fact]
    public void Boundaries_can_never_be_removed()
    {
        var deny = Assert.Single(Policy.Denies, s => s.Actions.Contains("DeleteUserPermissionsBoundary"));

        Assert.Contains("DeleteRolePermissionsBoundary", deny.Actions);
        Assert.Equal(["*"], deny.Resources);
        Assert.Null(deny.Condition);
    }

    [Fact]
    public void The_boundary_policy_itself_cannot_be_changed_or_deleted()
    {
        var deny = Assert.Single(Policy.Denies, s => s.Resources.Contains(OperatorIamPolicy.BoundaryArn));

        Assert.Subset(deny.Actions.ToHashSet(), new HashSet<string> { "CreatePolicyVersion", "SetDefaultPolicyVersion", "DeletePolicyVersion", "DeletePolicy" });
    }

    [Fact]
    public void The_operator_cannot_change_its_own_role_or_AWS_reserved_roles()
    {
        var deny = Assert.Single(Policy.Denies, s => s.Resources.Contains("arn:aws:iam::ACCOUNT_ID:role/iam-operator/*"));

        Assert.Contains("arn:aws:iam::ACCOUNT_ID:role/aws-service-role/*", deny.Resources);
        var roleWrites = IamActions.All.Where(a => IamActions.IsWrite(a) && a.Contains("Role", StringComparison.Ordinal)
            && !a.Contains("InstanceProfile", StringComparison.Ordinal) && a != "CreateRole" && a != "DeleteRolePermissionsBoundary");
        Assert.Subset(deny.Actions.ToHashSet(), roleWrites.ToHashSet());
    }

    [Fact]
    public void Existing_users_roles_and_policies_are_changed_only_when_they_carry_the_owner_tag()
    {
        string[] ownedOnly = ["UpdateAssumeRolePolicy", "DeleteRole", "DeleteUser", "CreateAccessKey", "DeleteSigningCertificate", "DeleteSSHPublicKey",
            "DeleteServiceSpecificCredential", "CreatePolicyVersion", "SetDefaultPolicyVersion", "DeletePolicy", "PassRole"];

        foreach (var action in ownedOnly)
        {
            Assert.All(Policy.AllowsOf(action), statement =>
                Assert.Equal("false", (string?)statement.Condition?["Null"]?["aws:ResourceTag/iamoperator.dev/owner"]));
        }
    }

    [Fact]
    public void Policy_fits_the_managed_policy_size_quota()
    {
        // IAM counts managed policy size without whitespace; the quota is 6,144 characters (IAM quotas page).
        Assert.InRange(Policy.Text.Count(c => !char.IsWhiteSpace(c)), 1, 6144);
    }
}
