namespace IamOperator.Policies.Tests;

/// <summary>
/// The IAM fundamentals article's step 5 ("Testing Your IAM Setup") for the team in config/samples/team.yaml,
/// decided by the engine with the AWS managed policy documents the IAM emulator carries. The emulator's
/// catalogue (src/IamOperator.Iam.Emulator/State/AwsManagedPolicies.tsv, sources in docs/iam-emulator.md) is
/// read here as test data only: the engine itself never reads files.
/// </summary>
public sealed class TeamAccessTests
{
    private const string Account = "123456789012";

    private static SourcedPolicy Group(string group, string policyName)
    {
        var row = RepositoryRoot.ReadText("src", "IamOperator.Iam.Emulator", "State", "AwsManagedPolicies.tsv")
            .Split('\n')
            .Select(line => line.TrimEnd('\r').Split('\t'))
            .Single(fields => fields.Length == 8 && fields[0] == "/" && fields[1] == policyName);
        Assert.False(string.IsNullOrEmpty(row[7]), $"the emulator's catalogue carries no document for {policyName}");
        return new SourcedPolicy($"group {group} → {policyName}", PolicyDocument.Parse(row[7]));
    }

    private static EvaluationDecision Decide(SourcedPolicy policy, string action, string resource = "*") =>
        PolicyEvaluator.Evaluate(new EvaluationRequest(action, resource).With("aws:username", "alice.johnson"), [policy]).Decision;

    [Theory]
    [InlineData("s3:ListAllMyBuckets")]
    [InlineData("ec2:DescribeInstances")]
    [InlineData("lambda:ListFunctions")]
    public void Developers_with_PowerUserAccess_may_use_the_services(string action) =>
        Assert.Equal(EvaluationDecision.Allowed, Decide(Group("Developers", "PowerUserAccess"), action));

    [Theory]
    [InlineData("iam:CreateUser", $"arn:aws:iam::{Account}:user/mallory")]
    [InlineData("iam:AttachUserPolicy", $"arn:aws:iam::{Account}:user/alice.johnson")]
    // The article's own script lists IAM users; PowerUserAccess grants only iam:ListRoles of IAM's reads.
    [InlineData("iam:ListUsers", "*")]
    public void Developers_with_PowerUserAccess_may_not_manage_IAM(string action, string resource) =>
        Assert.Equal(EvaluationDecision.ImplicitDeny, Decide(Group("Developers", "PowerUserAccess"), action, resource));

    [Theory]
    [InlineData("s3:ListAllMyBuckets", "*")]
    [InlineData("s3:GetObject", "arn:aws:s3:::team-reports/q3.csv")]
    [InlineData("ec2:DescribeInstances", "*")]
    [InlineData("lambda:ListFunctions", "*")]
    [InlineData("iam:ListUsers", "*")]
    public void ReadOnly_may_read(string action, string resource) =>
        Assert.Equal(EvaluationDecision.Allowed, Decide(Group("ReadOnly", "ReadOnlyAccess"), action, resource));

    [Theory]
    [InlineData("s3:PutObject", "arn:aws:s3:::team-reports/q3.csv")]
    [InlineData("s3:CreateBucket", "arn:aws:s3:::new-bucket")]
    [InlineData("ec2:RunInstances", $"arn:aws:ec2:us-east-1:{Account}:instance/*")]
    [InlineData("lambda:CreateFunction", $"arn:aws:lambda:us-east-1:{Account}:function:f")]
    [InlineData("iam:CreateUser", $"arn:aws:iam::{Account}:user/mallory")]
    public void ReadOnly_may_not_write(string action, string resource) =>
        Assert.Equal(EvaluationDecision.ImplicitDeny, Decide(Group("ReadOnly", "ReadOnlyAccess"), action, resource));

    [Fact]
    public void DevOps_with_AdministratorAccess_may_manage_IAM()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:CreateUser", $"arn:aws:iam::{Account}:user/mallory"), [Group("DevOps", "AdministratorAccess")]);
        Assert.Equal(EvaluationDecision.Allowed, result.Decision);
        Assert.Equal("group DevOps → AdministratorAccess", Assert.Single(result.MatchedStatements).Source);
    }
}
