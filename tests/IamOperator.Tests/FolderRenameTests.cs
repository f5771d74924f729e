using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>
/// Folder mode keeps no status: a changed spec.iamName is recognised from IAM's owner tags, so a user
/// or group is renamed in place, a role's rename is refused, and nothing is left behind with its permissions.
/// </summary>
public sealed class FolderRenameTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-rename-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string yaml) => File.WriteAllText(Path.Combine(folder, "team.yaml"), yaml);

    private static string Team(string groupName, string userName, string roleName, string rolePolicy = "ReadOnlyAccess") => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: admins, namespace: team }
        spec:
          iamName: {{groupName}}
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          iamName: {{userName}}
          groupRefs: [{ name: admins }]
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/IAMReadOnlyAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamServiceRole
        metadata: { name: reader, namespace: team }
        spec:
          iamName: {{roleName}}
          trust: { services: [lambda.amazonaws.com] }
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/{{rolePolicy}}]
        """;

    [Fact]
    public async Task A_renamed_user_and_group_are_renamed_in_place_and_leave_no_old_entity()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        Write(Team("Admins", "alice", "reader"));
        Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", folder)).ExitCode);

        Write(Team("Administrators", "alice.johnson", "reader"));
        var plan = await CliRun.AgainstAsync(server, "plan", folder);
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.Contains("UpdateGroup Admins name→Administrators", plan.Output);
        Assert.Contains("UpdateUser alice name→alice.johnson", plan.Output);
        Assert.True(exitCode == FolderReport.Success, output + error);
        var iam = SampleAccount.ClientFor(server);
        Assert.Equal(["alice.johnson"], (await iam.ListUsersAsync(null, default)).Select(u => u.UserName));
        Assert.Equal(["Administrators"], (await iam.ListGroupsAsync(null, default)).Select(g => g.GroupName));
        Assert.Equal(["Administrators"], (await iam.ListGroupsForUserAsync("alice.johnson", default)).Select(g => g.GroupName));
        Assert.Equal(["arn:aws:iam::aws:policy/IAMReadOnlyAccess"],
            (await iam.ListAttachedPoliciesAsync(IamPrincipal.User("alice.johnson"), default)).Select(p => p.PolicyArn));
        Assert.Contains("0 IAM writes: everything up to date.", (await CliRun.AgainstAsync(server, "apply", folder)).Output);
    }

    [Fact]
    public async Task An_entity_left_behind_under_an_earlier_name_is_named_in_the_notes_and_not_deleted()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var iam = SampleAccount.ClientFor(server);
        // What an older version left: the old user, still marked as this resource's.
        await iam.CreateUserAsync(new CreateUserRequest("alice", Tags: [new IamTag("iamoperator.dev/owner", "ci-test/team/alice")]), default);
        await iam.CreateUserAsync(new CreateUserRequest("alice.johnson", Tags: [new IamTag("iamoperator.dev/owner", "ci-test/team/alice")]), default);
        Write(Team("Admins", "alice.johnson", "reader"));

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.Success, output + error);
        Assert.Contains("IamUser/team/alice: IAM user 'alice' also carries this resource's owner 'ci-test/team/alice'", output);
        Assert.Equal(["alice", "alice.johnson"], (await iam.ListUsersAsync(null, default)).Select(u => u.UserName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_renamed_role_is_refused_with_a_clear_error_and_nothing_written_for_it_while_the_rest_applies()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        Write(Team("Admins", "alice", "reader"));
        Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", folder)).ExitCode);

        Write(Team("Admins", "alice.johnson", "lambda-reader"));
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder, json: true);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        using var report = JsonDocument.Parse(output);
        var role = report.RootElement.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("resource").GetProperty("name").GetString() == "reader");
        var stalled = role.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Stalled");
        Assert.Equal("InvalidSpec", stalled.GetProperty("reason").GetString());
        Assert.Contains("spec.iamName is immutable: IAM cannot rename a role: IAM role 'reader'", stalled.GetProperty("message").GetString());
        Assert.Equal(0, role.GetProperty("writes").GetInt32());
        var iam = SampleAccount.ClientFor(server);
        Assert.Equal(["reader"], (await iam.ListRolesAsync(null, default)).Select(r => r.RoleName));
        Assert.Equal(["alice.johnson"], (await iam.ListUsersAsync(null, default)).Select(u => u.UserName));
    }

    [Fact]
    public async Task A_missing_AWS_managed_policy_is_invalid_input_and_nothing_is_written_for_that_resource()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        Write(Team("Admins", "alice", "reader", rolePolicy: "ReadOnlyAcess"));

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        Assert.Contains("'arn:aws:iam::aws:policy/ReadOnlyAcess' is not an AWS managed policy IAM has", output);
        var iam = SampleAccount.ClientFor(server);
        Assert.Empty(await iam.ListRolesAsync(null, default));
        Assert.Equal(["alice"], (await iam.ListUsersAsync(null, default)).Select(u => u.UserName));
    }
}
