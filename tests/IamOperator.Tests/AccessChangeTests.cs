using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>
/// plan's effective-access changes: per principal whose policies change, the action patterns gained and lost with
/// the path that grants them, in text and in -o json; an unchanged principal costs no IAM read.
/// </summary>
public sealed class AccessChangeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-changes-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void WriteTeam(string aliceGroup) => File.WriteAllText(Path.Combine(folder, "team.yaml"), $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: {"{"}name: developers, namespace: team{"}"}
        spec:
          iamName: Developers
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: {"{"}name: devops, namespace: team{"}"}
        spec:
          iamName: DevOps
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: {"{"}name: alice.johnson, namespace: team{"}"}
        spec:
          requireMfa: false
          groupRefs: [{"{"}name: {aliceGroup}{"}"}]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: {"{"}name: bob.smith, namespace: team{"}"}
        spec:
          requireMfa: false
          groupRefs: [{"{"}name: developers{"}"}]
        """);

    private async Task<IamEmulatorServer> AppliedTeamAsync()
    {
        WriteTeam("developers");
        var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);
        Assert.True(exitCode == ExitCodes.Success, output);
        server.Statistics.Reset();
        return server;
    }

    [Fact]
    public async Task Moving_alice_to_DevOps_shows_she_gains_star_via_the_group_and_what_she_loses()
    {
        await using var server = await AppliedTeamAsync();
        WriteTeam("devops");

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", folder);

        Assert.True(exitCode == ExitCodes.Success, output);
        Assert.Contains("Access changes (action patterns gained and lost, with the path that grants them):", output);
        Assert.Contains("+ alice.johnson gains `*` via group DevOps → AdministratorAccess", output);
        Assert.Contains("- alice.johnson loses `NotAction iam:*, organizations:*, account:*` via group Developers → PowerUserAccess", output);
        // bob and the groups keep their policies.
        Assert.DoesNotContain("bob.smith", output.Split("Access changes")[1]);
    }

    [Fact]
    public async Task Plan_json_lists_access_changes_per_principal_with_gained_and_lost_actions_and_their_paths()
    {
        await using var server = await AppliedTeamAsync();
        WriteTeam("devops");

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", folder, json: true);

        Assert.Equal(ExitCodes.Success, exitCode);
        var change = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("accessChanges").EnumerateArray());
        Assert.Equal("alice.johnson", change.GetProperty("principal").GetString());
        Assert.Equal("IamUser", change.GetProperty("resource").GetProperty("kind").GetString());
        var gained = Assert.Single(change.GetProperty("gained").EnumerateArray());
        Assert.Equal("*", gained.GetProperty("action").GetString());
        Assert.Equal("group DevOps → AdministratorAccess", gained.GetProperty("via").GetString());
        Assert.Contains(change.GetProperty("lost").EnumerateArray(), l => l.GetProperty("action").GetString() == "NotAction iam:*, organizations:*, account:*"
            && l.GetProperty("via").GetString() == "group Developers → PowerUserAccess");
    }

    [Fact]
    public async Task Only_changed_principals_cost_reads_and_an_unchanged_team_costs_none()
    {
        await using var server = await AppliedTeamAsync();

        var unchanged = await CliRun.AgainstAsync(server, "plan", folder, json: true);
        Assert.Equal(ExitCodes.Success, unchanged.ExitCode);
        Assert.Empty(JsonDocument.Parse(unchanged.Output).RootElement.GetProperty("accessChanges").EnumerateArray());
        Assert.Equal(0, server.Statistics.CallsOf("GetPolicy") + server.Statistics.CallsOf("GetPolicyVersion"));

        WriteTeam("devops");
        server.Statistics.Reset();
        Assert.Equal(ExitCodes.Success, (await CliRun.AgainstAsync(server, "plan", folder)).ExitCode);
        // alice's before and after: PowerUserAccess and AdministratorAccess, each read once.
        Assert.Equal(2, server.Statistics.CallsOf("GetPolicy"));
        Assert.Equal(2, server.Statistics.CallsOf("GetPolicyVersion"));
    }
}
