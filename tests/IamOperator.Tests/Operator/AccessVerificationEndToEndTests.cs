using System.Text.Json;
using System.Text.Json.Nodes;
using IamOperator.Controllers;
using IamOperator.Controllers.InMemory;
using IamOperator.Operator;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;

namespace IamOperator.Tests.Operator;

/// <summary>
/// spec.accessChecks end to end: resources applied to the in-memory Kubernetes API, the operator reconciling them into
/// the IAM emulator and then asking the emulator's SimulatePrincipalPolicy, and the AccessVerified condition, its
/// Events and the IAM calls it costs checked as a platform engineer would see them.
/// </summary>
public sealed class AccessVerificationEndToEndTests
{
    private const string Ns = "access";

    private static T Load<T>(string yaml) where T : class, IIamResource
    {
        var set = ManifestLoader.LoadText(yaml, "test.yaml");
        Assert.Empty(set.Problems);
        return Assert.IsType<T>(Assert.Single(set.Resources));
    }

    private static async Task<T> WaitAccessAsync<T>(OperatorHarness op, string name, string reason, long? generation = null) where T : class, IIamResource
    {
        T? current = null;
        await OperatorHarness.WaitUntilAsync(async () =>
            {
                current = await op.GetAsync<T>(Ns, name);
                var access = OperatorHarness.Condition(current, ConditionTypes.AccessVerified);
                return access?.Reason == reason && (generation is null || access.ObservedGeneration == generation);
            },
            $"{typeof(T).Name} {name} is AccessVerified with reason {reason}",
            explain: async () => OperatorHarness.Condition(await op.GetAsync<T>(Ns, name), ConditionTypes.AccessVerified) is { } c
                ? $"{c.Status} {c.Reason}: {c.Message}" : "no AccessVerified condition");
        return current!;
    }

    private static Task WaitEventAsync(OperatorHarness op, string name, string type, string reason, Func<string, bool>? note = null) =>
        OperatorHarness.WaitUntilAsync(() => Task.FromResult(((InMemoryKubernetesApi)op.Kubernetes).Events.Any(e =>
                e.Regarding.Name == name && e.Type == type && e.Reason == reason && (note is null || note(e.Note)))),
            $"a {type} {reason} Event on {name}");

    [Fact]
    public async Task A_group_whose_checks_hold_for_a_member_with_no_other_permissions_is_AccessVerified_True_with_a_Normal_Event()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Load<IamGroup>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: readers, namespace: {{Ns}} }
            spec:
              iamName: Readers
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
              accessChecks:
                - { action: s3:GetObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Allowed }
                - { action: s3:ListAllMyBuckets, expect: Allowed }
                - { action: s3:PutObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Denied }
                - { action: iam:CreateUser, expect: Denied }
            """));

        var group = await WaitAccessAsync<IamGroup>(op, "readers", AccessVerifiedReasons.AccessChecksPassed);

        Assert.True(OperatorHarness.IsReady(group));
        Assert.Equal("True", OperatorHarness.Condition(group, ConditionTypes.AccessVerified)!.Status);
        Assert.Contains("all 4 access checks", OperatorHarness.Condition(group, ConditionTypes.AccessVerified)!.Message, StringComparison.Ordinal);
        await WaitEventAsync(op, "readers", EventTypes.Normal, AccessVerifiedReasons.AccessChecksPassed);
    }

    [Fact]
    public async Task A_failing_check_is_named_with_the_statement_that_decided_it_and_a_fix_makes_AccessVerified_True_again()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Load<IamUser>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: carol, namespace: {{Ns}} }
            spec:
              iamName: carol
              requireMfa: false
              permissions:
                inlinePolicies:
                  - name: reports
                    document:
                      Version: "2012-10-17"
                      Statement:
                        - { Effect: Allow, Action: "s3:*", Resource: "arn:aws:s3:::reports/*" }
              accessChecks:
                - { action: s3:GetObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Allowed }
                - { action: s3:DeleteObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Denied }
            """));

        var failing = await WaitAccessAsync<IamUser>(op, "carol", AccessVerifiedReasons.AccessCheckFailed);

        var condition = OperatorHarness.Condition(failing, ConditionTypes.AccessVerified)!;
        Assert.Equal("False", condition.Status);
        Assert.Contains("1 of 2 access checks failed", condition.Message, StringComparison.Ordinal);
        Assert.Contains("spec.accessChecks[1] s3:DeleteObject on arn:aws:s3:::reports/q3.csv (expect Denied): allowed by reports (user) statement at line 1",
            condition.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.accessChecks[0]", condition.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Effect", condition.Message, StringComparison.Ordinal); // names the statement, never quotes the document
        Assert.True(OperatorHarness.IsReady(failing), "Ready is about IAM matching the spec, and it does");
        await WaitEventAsync(op, "carol", EventTypes.Warning, AccessVerifiedReasons.AccessCheckFailed, note => note.Contains("spec.accessChecks[1]", StringComparison.Ordinal));

        failing.Spec.Permissions!.InlinePolicies![0].Document =
            JsonDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::reports/*"}]}""").RootElement.Clone();
        var fixedUser = await op.Kubernetes.ReplaceAsync(OperatorHarness.KindOf<IamUser>(), failing, default);

        var passing = await WaitAccessAsync<IamUser>(op, "carol", AccessVerifiedReasons.AccessChecksPassed, fixedUser.Metadata.Generation);
        Assert.Equal("True", OperatorHarness.Condition(passing, ConditionTypes.AccessVerified)!.Status);
        await WaitEventAsync(op, "carol", EventTypes.Normal, AccessVerifiedReasons.AccessChecksPassed);
    }

    [Fact]
    public async Task A_users_checks_are_verified_again_when_a_policy_of_its_group_changes_though_the_user_did_not()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Load<IamPolicy>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: reports, namespace: {{Ns}} }
            spec:
              iamName: reports-read
              document:
                Version: "2012-10-17"
                Statement:
                  - { Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }
            """));
        await op.CreateAsync(Load<IamGroup>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: analysts, namespace: {{Ns}} }
            spec:
              iamName: Analysts
              permissions:
                policyRefs: [{ name: reports }]
            """));
        await op.CreateAsync(Load<IamUser>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: dave, namespace: {{Ns}} }
            spec:
              requireMfa: false
              groupRefs: [{ name: analysts }]
              accessChecks:
                - { action: s3:GetObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Allowed }
                - { action: s3:PutObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Denied }
            """));
        var before = await WaitAccessAsync<IamUser>(op, "dave", AccessVerifiedReasons.AccessChecksPassed);

        // The policy two hops away (policy -> group -> user) now grants writes too; nobody touches dave.
        var policy = (await op.GetAsync<IamPolicy>(Ns, "reports"))!;
        policy.Spec.Document = JsonDocument.Parse(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::reports/*"}]}""").RootElement.Clone();
        await op.Kubernetes.ReplaceAsync(OperatorHarness.KindOf<IamPolicy>(), policy, default);

        var after = await WaitAccessAsync<IamUser>(op, "dave", AccessVerifiedReasons.AccessCheckFailed);
        Assert.Equal(before.Metadata.Generation, after.Metadata.Generation);
        Assert.Contains("spec.accessChecks[1] s3:PutObject", OperatorHarness.Condition(after, ConditionTypes.AccessVerified)!.Message, StringComparison.Ordinal);
        await WaitEventAsync(op, "dave", EventTypes.Warning, AccessVerifiedReasons.AccessCheckFailed);
    }

    [Fact]
    public async Task A_check_whose_decision_depends_on_a_context_key_it_does_not_give_is_unverifiable_and_never_passes()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Load<IamServiceRole>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: office, namespace: {{Ns}} }
            spec:
              iamName: office-reader
              trust: { services: [ec2.amazonaws.com] }
              permissions:
                inlinePolicies:
                  - name: from-the-office
                    document:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Action: s3:GetObject
                          Resource: "*"
                          Condition: { IpAddress: { "aws:SourceIp": 203.0.113.0/24 } }
              accessChecks:
                - { action: s3:GetObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Allowed }
                - action: s3:GetObject
                  resource: "arn:aws:s3:::reports/q4.csv"
                  context: [{ key: "aws:SourceIp", type: Ip, values: [203.0.113.7] }]
                  expect: Allowed
            """));

        var role = await WaitAccessAsync<IamServiceRole>(op, "office", AccessVerifiedReasons.AccessCheckUnverifiable);

        var condition = OperatorHarness.Condition(role, ConditionTypes.AccessVerified)!;
        Assert.Equal("False", condition.Status);
        Assert.Contains("1 of 2 access checks unverifiable", condition.Message, StringComparison.Ordinal);
        Assert.Contains("spec.accessChecks[0] s3:GetObject on arn:aws:s3:::reports/q3.csv (expect Allowed): depends on context keys the check does not give: aws:SourceIp",
            condition.Message, StringComparison.Ordinal);
        await WaitEventAsync(op, "office", EventTypes.Warning, AccessVerifiedReasons.AccessCheckUnverifiable);
    }

    [Fact]
    public async Task Checks_cost_one_simulator_call_per_verification_none_on_a_no_op_reconcile_and_one_again_on_resync()
    {
        await using var op = await OperatorHarness.StartAsync();
        var user = Load<IamUser>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: dave, namespace: {{Ns}} }
            spec:
              iamName: dave
              requireMfa: false
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
              accessChecks:
                - { action: s3:GetObject, resource: "arn:aws:s3:::a/1", expect: Allowed }
                - { action: s3:PutObject, resource: "arn:aws:s3:::a/1", expect: Denied }
                - { action: s3:GetObject, resource: "arn:aws:s3:::b/2", expect: Allowed }
                - { action: ec2:RunInstances, expect: Denied }
            """);
        await op.CreateAsync(user);
        await WaitAccessAsync<IamUser>(op, "dave", AccessVerifiedReasons.AccessChecksPassed);
        await WaitIdleAsync(op);
        op.Emulator.Statistics.Reset();

        // A label change is a watch-triggered reconcile of the same generation: IAM is in sync and the checks were judged.
        var labelled = await op.Kubernetes.PatchMetadataAsync<IamUser>(OperatorHarness.KindOf<IamUser>(), Ns, "dave",
            new JsonObject { ["labels"] = new JsonObject { ["team"] = "payments" } }, null, default);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(
                long.Parse(op.Runtime.Users.Informer.LastSyncResourceVersion ?? "0", System.Globalization.CultureInfo.InvariantCulture)
                    >= long.Parse(labelled.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
                && op.Runtime.Users.IsIdle),
            "the label change was seen and handled");
        Assert.Equal(0, op.Emulator.Statistics.CallsOf("SimulatePrincipalPolicy"));

        op.Runtime.Users.Enqueue(Ns, "dave", ReconcileTrigger.Resync);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(op.Emulator.Statistics.CallsOf("SimulatePrincipalPolicy") > 0 && op.Runtime.Users.IsIdle),
            "the resync verified the checks again");
        // Four checks on three resources without context: one call whose action × resource product covers them all.
        Assert.Equal(1, op.Emulator.Statistics.CallsOf("SimulatePrincipalPolicy"));
    }

    [Fact]
    public async Task A_spec_that_is_not_yet_Ready_drops_the_condition_of_the_generation_before_rather_than_vouch_for_it()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Load<IamUser>($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: erin, namespace: {{Ns}} }
            spec:
              iamName: erin
              requireMfa: false
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
              accessChecks:
                - { action: s3:GetObject, resource: "arn:aws:s3:::reports/q3.csv", expect: Allowed }
            """));
        var verified = await WaitAccessAsync<IamUser>(op, "erin", AccessVerifiedReasons.AccessChecksPassed);

        // The new generation waits for a group nobody declared: IAM is not changed, the checks are not judged.
        verified.Spec.GroupRefs = [new ResourceRef { Name = "not-declared" }];
        var waiting = await op.Kubernetes.ReplaceAsync(OperatorHarness.KindOf<IamUser>(), verified, default);

        await OperatorHarness.WaitUntilAsync(async () =>
            {
                var current = await op.GetAsync<IamUser>(Ns, "erin");
                return current?.Status?.ObservedGeneration == waiting.Metadata.Generation
                    && OperatorHarness.Condition(current, ConditionTypes.Ready)?.Reason == ConditionReasons.WaitingForDependency;
            },
            "the user waits for its group at the new generation");
        Assert.Null(OperatorHarness.Condition(await op.GetAsync<IamUser>(Ns, "erin"), ConditionTypes.AccessVerified));
    }

    private static Task WaitIdleAsync(OperatorHarness op) =>
        OperatorHarness.WaitUntilAsync(
            () => Task.FromResult(op.Runtime.Policies.IsIdle && op.Runtime.Groups.IsIdle && op.Runtime.Users.IsIdle && op.Runtime.ServiceRoles.IsIdle),
            "every controller is idle");
}
