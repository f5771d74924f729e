using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html</summary>
public sealed class AccountSummaryTests
{
    [Fact]
    public async Task SummaryMap_counts_the_accounts_entities_and_customer_managed_policies_only_next_to_the_quotas()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateUser", ("UserName", "bob"));
        await iam.OkAsync("CreateGroup", ("GroupName", "devs"));
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("PolicyDocument", PolicyDocuments.ReadS3));

        var response = await iam.OkAsync("GetAccountSummary");

        var summary = response.All("SummaryMap/entry").ToDictionary(
            entry => entry.Elements().Single(e => e.Name.LocalName == "key").Value,
            entry => long.Parse(entry.Elements().Single(e => e.Name.LocalName == "value").Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, summary["Users"]);
        Assert.Equal(1, summary["Groups"]);
        Assert.Equal(1, summary["Roles"]);
        // AWS managed policies are not the account's: Policies counts customer managed ones.
        Assert.Equal(1, summary["Policies"]);
        Assert.Equal(new IamQuotas().Users, summary["UsersQuota"]);
        Assert.Equal(new IamQuotas().AccessKeysPerUser, summary["AccessKeysPerUserQuota"]);
    }

    [Fact]
    public async Task A_key_the_account_does_not_know_is_refused_with_InvalidClientTokenId()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var stranger = iam.ClientFor(new EmulatorCredential("AKIASTRANGEREXAMPLE1", "strangerSecretKeyExampleStrangerSecretKey"));

        Assert.Equal("InvalidClientTokenId", (await stranger.CallAsync("GetAccountSummary", [])).ErrorCode);
    }

    [Fact]
    public async Task The_summary_map_carries_the_configured_quotas()
    {
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { Quotas = new IamQuotas { ManagedPoliciesPerRole = 20 } });

        var response = await iam.OkAsync("GetAccountSummary");

        var summary = response.Values("SummaryMap/entry/key").Zip(response.Values("SummaryMap/entry/value")).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("20", summary["AttachedPoliciesPerRoleQuota"]);
        Assert.Equal("10", summary["AttachedPoliciesPerUserQuota"]);
    }
}
