namespace IamOperator.Iam.Emulator.Tests;

/// <summary>https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html</summary>
public sealed class AccountSummaryTests
{
    [Fact]
    public async Task The_summary_map_carries_the_configured_quotas_and_the_accounts_usage()
    {
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { Quotas = new IamQuotas { ManagedPoliciesPerRole = 20 } });
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await iam.OkAsync("GetAccountSummary");

        var keys = response.Values("SummaryMap/entry/key");
        var values = response.Values("SummaryMap/entry/value");
        var summary = keys.Zip(values).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("20", summary["AttachedPoliciesPerRoleQuota"]);
        Assert.Equal("10", summary["AttachedPoliciesPerUserQuota"]);
        Assert.Equal("1", summary["Users"]);
    }
}
