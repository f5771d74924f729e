using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>status.accessKey and status.consoleAccess: replaced by a reconcile that looked after credentials, kept otherwise.</summary>
public sealed class IamStatusMapperCredentialsTests
{
    private static readonly ResourceKey Key = new(IamUser.KindName, "ci", "ci-bot");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly IamResourceStatus Previous = new()
    {
        AccessKey = new AccessKeyStatusInfo { SecretName = "ci-bot-aws", AccessKeyId = "AKIAOLD" },
        ConsoleAccess = new ConsoleAccessStatusInfo { SecretName = "ci-bot-console" },
    };

    [Fact]
    public void A_reconcile_without_a_credential_store_keeps_what_status_knew_of_the_credentials()
    {
        var status = IamStatusMapper.ToStatus(new ReconcileOutcome { Resource = Key, Conditions = ConditionState.Ready("ok") }, Previous, Now);

        Assert.Equal("AKIAOLD", status.AccessKey!.AccessKeyId);
        Assert.Equal("ci-bot-console", status.ConsoleAccess!.SecretName);
    }

    [Fact]
    public void A_reconcile_that_managed_the_credentials_replaces_them_and_clears_a_feature_turned_off()
    {
        var outcome = new ReconcileOutcome
        {
            Resource = Key,
            Conditions = ConditionState.Ready("ok"),
            CredentialsManaged = true,
            AccessKey = new AccessKeyStatusInfo { SecretName = "ci-bot-aws", AccessKeyId = "AKIANEW", PreviousAccessKeyId = "AKIAOLD" },
        };

        var status = IamStatusMapper.ToStatus(outcome, Previous, Now);

        Assert.Equal(("AKIANEW", "AKIAOLD"), (status.AccessKey!.AccessKeyId, status.AccessKey.PreviousAccessKeyId));
        Assert.Null(status.ConsoleAccess);
    }
}
