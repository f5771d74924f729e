using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>
/// Spellings that grant (almost) everything, an open trust policy and a forged owner tag are refused by
/// plan and apply with the finding, while the other manifests in the folder still apply.
/// </summary>
public sealed class GuardrailBypassTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-guardrail-bypass-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string file, string yaml) => File.WriteAllText(Path.Combine(folder, file), yaml);

    private static string Policy(string name, string statement) => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamPolicy
        metadata: { name: {{name}}, namespace: team }
        spec:
          document: { Version: "2012-10-17", Statement: [{{statement}}] }
        """;

    private void WriteFolder()
    {
        Write("a-valid.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: readers, namespace: team }
            spec:
              iamName: Readers
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
            ---
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: alice, namespace: team }
            spec:
              groupRefs: [{ name: readers }]
              tags: { team: readers }
            """);
        Write("b-every-arn-by-segments.yaml", Policy("every-arn-by-segments", """{ Effect: Allow, Action: "*", Resource: "arn:*:*:*:*:*" }"""));
        Write("c-every-arn-of-aws.yaml", Policy("every-arn-of-aws", """{ Effect: Allow, Action: "*", Resource: "arn:aws:*" }"""));
        Write("d-notaction-on-every-arn.yaml", Policy("notaction-on-every-arn", """{ Effect: Allow, NotAction: "iam:DeleteUser", Resource: "arn:*" }"""));
        Write("e-wildcard-service-prefix.yaml", Policy("wildcard-service-prefix", """{ Effect: Allow, Action: "i*:*", Resource: "*" }"""));
        Write("f-bare-question-mark.yaml", Policy("bare-question-mark", """{ Effect: Allow, Action: "?*", Resource: "*" }"""));
        Write("g-open-trust.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: open-trust, namespace: team }
            spec:
              trust:
                document:
                  Version: "2012-10-17"
                  Statement:
                    - { Effect: Allow, Principal: { Federated: "*" }, Action: "sts:AssumeRoleWithWebIdentity" }
            """);
        Write("i-escalation-on-every-user.yaml", Policy("escalation-on-every-user", """{ Effect: Allow, Action: "iam:Put*", Resource: "arn:aws:iam::*:user/*" }"""));
        Write("j-trust-condition-that-says-nothing.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: vacuous-condition, namespace: team }
            spec:
              trust:
                document:
                  Version: "2012-10-17"
                  Statement:
                    - { Effect: Allow, Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringLike: { "aws:PrincipalArn": "*" } } }
            """);
        Write("k-trust-with-a-non-sts-action.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: trust-non-sts-action, namespace: team }
            spec:
              trust:
                document:
                  Version: "2012-10-17"
                  Statement:
                    - { Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: ["sts:AssumeRole", "s3:GetObject"] }
            """);
        Write("h-forged-owner-tag.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: mallory, namespace: team }
            spec:
              tags: { IAMOPERATOR.DEV/OWNER: other-cluster/team/alice }
            """);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task Every_bypass_is_refused_with_its_finding_and_the_other_manifests_still_apply(string verb)
    {
        WriteFolder();
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, verb, folder, json: true);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        using var report = JsonDocument.Parse(output);
        var ready = JsonReportReady.Of(report);

        Assert.Equal(("GuardrailViolation", true), (ready("every-arn-by-segments").Reason, ready("every-arn-by-segments").Message.Contains("allows every action (\"*\") on every resource (\"arn:*:*:*:*:*\")")));
        Assert.Equal(("GuardrailViolation", true), (ready("every-arn-of-aws").Reason, ready("every-arn-of-aws").Message.Contains("on every resource (\"arn:aws:*\")")));
        Assert.Equal(("GuardrailViolation", true), (ready("notaction-on-every-arn").Reason, ready("notaction-on-every-arn").Message.Contains("allows every action except \"iam:DeleteUser\" on every resource (\"arn:*\")")));
        // IAM refuses a wildcard in the service prefix at write time; plan refuses it first, naming the field.
        Assert.Equal(("InvalidSpec", true), (ready("wildcard-service-prefix").Reason,
            ready("wildcard-service-prefix").Message.Contains("spec.document: Statement[0].Action must be \"*\" or \"<service-prefix>:<action>\" (e.g. \"s3:GetObject\", \"ec2:Describe*\"), got \"i*:*\": the service prefix \"i*\" cannot contain a wildcard")));
        Assert.Equal(("InvalidSpec", true), (ready("bare-question-mark").Reason, ready("bare-question-mark").Message.Contains("got \"?*\"")));
        Assert.Equal(("GuardrailViolation", true), (ready("open-trust").Reason, ready("open-trust").Message.Contains("trusts every principal ({\"Federated\": \"*\"}) with no Condition")));

        Assert.Equal(("GuardrailViolation", true), (ready("escalation-on-every-user").Reason,
            ready("escalation-on-every-user").Message.Contains("allows iam:PutUserPolicy on every IAM user: the holder can grant itself every permission")));
        Assert.Equal(("GuardrailViolation", true), (ready("vacuous-condition").Reason,
            ready("vacuous-condition").Message.Contains("spec.trust.document.Statement[0].Condition trusts every principal ({\"AWS\": \"*\"}) with a Condition that does not say who")));

        // IAM (and the emulator) refuse a non-STS action in a trust policy at write time; plan refuses it first.
        Assert.Equal(("GuardrailViolation", true), (ready("trust-non-sts-action").Reason,
            ready("trust-non-sts-action").Message.Contains("\"s3:GetObject\" is not a role trust action")));

        var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.Contains("h-forged-owner-tag.yaml") && p.Contains("spec.tags") && p.Contains("in any letter case"));
        Assert.DoesNotContain("mallory", report.RootElement.GetProperty("resources").EnumerateArray()
            .Select(r => r.GetProperty("resource").GetProperty("name").GetString()));

        // plan shows the valid ones as to be created; apply creates them.
        var expected = verb == "apply" ? "Reconciled" : "Creating";
        Assert.Equal([expected, expected], new[] { ready("readers").Reason, ready("alice").Reason });
        var written = server.Statistics.CallsByAction.Keys.Where(k => k.StartsWith("Create") || k.StartsWith("Put") || k.StartsWith("Attach") || k.StartsWith("Add") || k.StartsWith("Tag")).Order();
        Assert.Equal(verb == "apply" ? ["AddUserToGroup", "AttachGroupPolicy", "CreateGroup", "CreateUser", "PutGroupPolicy"] : [], written);
    }
}
