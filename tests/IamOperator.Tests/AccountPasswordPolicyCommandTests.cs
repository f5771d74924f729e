using IamOperator.Cli;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>plan/apply of IamAccountPasswordPolicy manifests, end to end against the emulator.</summary>
public sealed class AccountPasswordPolicyCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-password-policy-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string file, string name, int length) =>
        File.WriteAllText(Path.Combine(folder, file), $$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamAccountPasswordPolicy
            metadata: { name: {{name}} }
            spec:
              minimumPasswordLength: {{length}}
              requireNumbers: true
            """);

    [Fact]
    public async Task Apply_writes_the_account_password_policy_and_a_second_apply_only_reads_it()
    {
        Write("policy.yaml", "account", 14);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var first = await CliRun.AgainstAsync(server, "apply", folder);
        server.Statistics.Reset();
        var second = await CliRun.AgainstAsync(server, "plan", folder);

        Assert.True(first.ExitCode == FolderReport.Success, first.Output);
        Assert.Contains("IamAccountPasswordPolicy/-/account -> IAM account password policy", first.Output);
        Assert.Contains("plan: create: 1 write: UpdateAccountPasswordPolicy", first.Output);
        Assert.True(second.ExitCode == FolderReport.Success, second.Output);
        Assert.Contains("plan: no changes", second.Output);
        Assert.Equal(1, server.Statistics.CallsOf("GetAccountPasswordPolicy"));
        Assert.Equal(0, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Two_declarations_in_one_folder_are_both_invalid_naming_each_other_and_IAM_is_left_alone()
    {
        Write("a.yaml", "strong", 14);
        Write("b.yaml", "weak", 8);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.NotEqual(FolderReport.Success, exitCode);
        Assert.Contains("Stalled=True InvalidSpec: invalid spec (no IAM call made): the account has one password policy and IamAccountPasswordPolicy weak also declares it", output);
        Assert.Contains("Stalled=True InvalidSpec: invalid spec (no IAM call made): the account has one password policy and IamAccountPasswordPolicy strong also declares it", output);
        Assert.Equal(0, server.Statistics.CallsOf("GetAccountPasswordPolicy") + server.Statistics.CallsOf("UpdateAccountPasswordPolicy"));
    }
}
