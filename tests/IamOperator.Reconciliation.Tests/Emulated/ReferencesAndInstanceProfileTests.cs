using System.Reflection;
using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>
/// Quotas, missing AWS managed policies and instance profile ownership against the IAM emulator:
/// what IAM would refuse midway is refused before the first write.
/// </summary>
public class ReferencesAndInstanceProfileTests
{
    private static string Role(string managedPolicyArns, string extra = "") => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamServiceRole
        metadata: { name: ec2-s3, namespace: team }
        spec:
          iamName: EC2-S3-Access-Role
          trust: { services: [ec2.amazonaws.com] }
          permissions:
            managedPolicyArns: [{{managedPolicyArns}}]
        {{extra}}
        """;

    /// <summary>Eleven AWS managed policies the emulator's catalogue holds; IAM's default quota per role is ten.</summary>
    private static readonly string[] Eleven =
    [
        "ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "AmazonDynamoDBReadOnlyAccess", "IAMReadOnlyAccess",
        "SecurityAudit", "CloudWatchReadOnlyAccess", "CloudWatchLogsFullAccess", "service-role/AWSLambdaBasicExecutionRole",
        "service-role/AWSLambdaVPCAccessExecutionRole", "job-function/ViewOnlyAccess",
    ];

    [Fact]
    public async Task Without_permission_to_read_the_account_summary_the_quota_is_unknown_with_a_warning_and_IAM_still_enforces_it()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        var iam = Failing(emulated.Iam, nameof(IIamApi.GetAccountSummaryAsync),
            new IamApiException(IamErrorCode.AccessDenied, "AccessDenied", "not authorized to perform: iam:GetAccountSummary", null, 403, "GetAccountSummary"));
        var reconciler = new IamResourceReconciler(iam, emulated.Lookup, new ReconcileSettings { OwnerId = "cluster-a" }, TimeProvider.System, NullLoggerFactory.Instance);

        // Eleven: above IAM's default quota of ten, which no account is below, so the plan must ask.
        var outcome = await reconciler.ReconcileAsync(Manifests.One(Role(Arns(Eleven))), ReconcileOptions.Apply, default);

        Assert.False(outcome.IsReady, outcome.Message);
        Assert.Equal(ConditionReasons.LimitExceeded, outcome.Reason);
        Assert.Contains(outcome.Warnings, w => w.StartsWith("QuotaUnknown: the account's AttachedPoliciesPerRoleQuota could not be read (GetAccountSummary was denied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plan_within_IAMs_default_attachment_quota_does_not_read_the_account_summary()
    {
        await using var iam = await EmulatedIam.StartAsync();

        var outcome = await iam.ApplyAsync(Manifests.One(Role(Arns(Eleven.Take(10)))));

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(0, iam.Server.Statistics.CallsOf("GetAccountSummary"));
    }

    private static string Arns(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"arn:aws:iam::aws:policy/{n}"));

    [Fact]
    public async Task A_role_declaring_more_managed_policies_than_the_account_quota_is_refused_with_no_write()
    {
        await using var iam = await EmulatedIam.StartAsync();

        var outcome = await iam.ApplyAsync(Manifests.One(Role(Arns(Eleven))));

        Assert.True(outcome.IsStalled, outcome.Message);
        Assert.Equal(ConditionReasons.LimitExceeded, outcome.Reason);
        Assert.Contains("11 managed policies declared, but this account attaches at most 10", outcome.Message);
        Assert.Equal(0, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task A_role_naming_an_AWS_managed_policy_IAM_does_not_have_is_invalid_input_with_no_write()
    {
        await using var iam = await EmulatedIam.StartAsync();

        var outcome = await iam.ApplyAsync(Manifests.One(Role(Arns(["ReadOnlyAccess", "AmazonS3ReadOnlyAcess"]))));

        Assert.True(outcome.IsStalled, outcome.Message);
        Assert.Equal(ConditionReasons.InvalidSpec, outcome.Reason);
        Assert.Contains("'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess' is not an AWS managed policy IAM has", outcome.Message);
        Assert.Equal(0, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task A_hand_made_instance_profile_of_the_roles_name_is_neither_used_nor_tagged_without_Adopt()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateInstanceProfileAsync("EC2-S3-Access-Role", null, [], default);
        iam.Server.Statistics.Reset();

        var outcome = await iam.ApplyAsync(Manifests.One(Role(Arns(["ReadOnlyAccess"]))));

        Assert.Equal(ConditionReasons.AlreadyExists, outcome.Reason);
        Assert.Contains("instance profile 'EC2-S3-Access-Role' already exists and is not marked as owned", outcome.Message);
        Assert.Equal(0, iam.Server.Statistics.WriteCalls);
        Assert.Empty(await iam.Iam.ListTagsAsync(IamTaggable.InstanceProfile("EC2-S3-Access-Role"), default));
    }

    [Fact]
    public async Task Adopting_a_hand_made_instance_profile_tags_it_and_turning_it_off_then_deletes_it()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateInstanceProfileAsync("EC2-S3-Access-Role", null, [], default);

        var adopted = await iam.ApplyAsync(Manifests.One(Role(Arns(["ReadOnlyAccess"]), "  adoptionPolicy: Adopt")));
        Assert.True(adopted.IsReady, adopted.Message);
        Assert.Contains(new IamTag(KubernetesApiGroup.OwnerTagKey, "cluster-a/team/ec2-s3"), await iam.Iam.ListTagsAsync(IamTaggable.InstanceProfile("EC2-S3-Access-Role"), default));
        Assert.Equal(["EC2-S3-Access-Role"], (await iam.Iam.GetInstanceProfileAsync("EC2-S3-Access-Role", default)).RoleNames);

        var off = Manifests.One(Role(Arns(["ReadOnlyAccess"]), "  instanceProfile: { enabled: false }"));
        var turnedOff = await iam.ApplyAsync(off);
        Assert.True(turnedOff.IsReady, turnedOff.Message);
        await Assert.ThrowsAsync<IamApiException>(() => iam.Iam.GetInstanceProfileAsync("EC2-S3-Access-Role", default));
    }

    [Fact]
    public async Task An_endpoint_without_ListInstanceProfileTags_reapplies_an_EC2_role_with_a_warning_and_no_write()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        var iam = WithoutInstanceProfileTags(emulated.Iam);
        var reconciler = new IamResourceReconciler(iam, emulated.Lookup, new ReconcileSettings { OwnerId = "cluster-a" }, TimeProvider.System, NullLoggerFactory.Instance);
        var role = Manifests.One(Role(Arns(["ReadOnlyAccess"])));

        var created = await reconciler.ReconcileAsync(role, ReconcileOptions.Apply, default);
        var writes = emulated.Server.Statistics.WriteCalls;
        var reapplied = await reconciler.ReconcileAsync(role, ReconcileOptions.Apply, default);

        Assert.True(created.IsReady, created.Message);
        Assert.True(reapplied.IsReady, reapplied.Message);
        Assert.Equal(PlanChange.None, reapplied.Plan!.Change);
        Assert.Equal(writes, emulated.Server.Statistics.WriteCalls);
        Assert.Contains(reapplied.Warnings, w => w.StartsWith("InstanceProfileOwnerUnknown: instance profile EC2-S3-Access-Role: ListInstanceProfileTags is not implemented", StringComparison.Ordinal));
    }

    /// <summary>The emulator as LocalStack or moto present it: ListInstanceProfileTags answers HTTP 500.</summary>
    private static IIamApi WithoutInstanceProfileTags(IIamApi inner) => Failing(inner, nameof(IIamApi.ListTagsAsync),
        new IamApiException(IamErrorCode.ServiceFailure, "InternalFailure",
            "The API action 'ListInstanceProfileTags' for service 'iam' has not yet been emulated", null, 500, "ListInstanceProfileTags"),
        args => args[0] is IamTaggable { Kind: IamTaggableKind.InstanceProfile });

    /// <summary>The emulator with one read failing the way an endpoint or a policy makes it fail.</summary>
    private static IIamApi Failing(IIamApi inner, string method, IamApiException failure, Func<object?[], bool>? when = null)
    {
        var proxy = DispatchProxy.Create<IIamApi, FailingRead>();
        var failing = (FailingRead)(object)proxy;
        (failing.Inner, failing.Method, failing.Failure, failing.When) = (inner, method, failure, when ?? (_ => true));
        return proxy;
    }

    public class FailingRead : DispatchProxy
    {
        public IIamApi Inner { get; set; } = null!;
        public string Method { get; set; } = "";
        public IamApiException Failure { get; set; } = null!;
        public Func<object?[], bool> When { get; set; } = _ => true;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == Method && When(args!))
            {
                // A faulted Task<T> of the method's own result type.
                var result = method.ReturnType.GetGenericArguments()[0];
                var source = Activator.CreateInstance(typeof(TaskCompletionSource<>).MakeGenericType(result))!;
                source.GetType().GetMethod(nameof(TaskCompletionSource<object>.SetException), [typeof(Exception)])!.Invoke(source, [Failure]);
                return source.GetType().GetProperty(nameof(TaskCompletionSource<object>.Task))!.GetValue(source);
            }
            return method.Invoke(Inner, args);
        }
    }
}
