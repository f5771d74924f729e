namespace IamOperator.Policies.Tests;

/// <summary>
/// The examples of AWS's IAM User Guide pages on evaluation, run through the operator's engine: each test is named
/// after the rule its example shows and cites the page it comes from. The policies are the pages' examples in
/// substance (names and ARNs as the pages use them); the expected decisions are the pages' stated outcomes.
/// </summary>
public sealed class AwsDocumentationExampleTests
{
    private const string Account = "123456789012";

    private static SourcedPolicy Policy(string source, params string[] statements) =>
        new(source, PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}"""));

    private static EvaluationDecision Decide(EvaluationRequest request, SourcedPolicy[] identity, SourcedPolicy? boundary = null) =>
        PolicyEvaluator.Evaluate(request, identity, boundary).Decision;

    // "Policy evaluation for requests within a single account", section "Example identity-based and resource-based
    // policy evaluation" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html):
    // carlossalazar may list every bucket and use his own, and is denied every bucket whose name holds "log", his own
    // log bucket included, because "an explicit deny in any of the policies overrides the allow".
    private static readonly SourcedPolicy Carlos = Policy("user carlossalazar",
        """{"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"}""",
        """{"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/*","arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar"]}""",
        """{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}""");

    [Theory]
    [InlineData("s3:ListAllMyBuckets", "arn:aws:s3:::amzn-s3-demo-bucket-other", EvaluationDecision.Allowed)]
    [InlineData("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/notes.txt", EvaluationDecision.Allowed)]
    [InlineData("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/today.log", EvaluationDecision.ExplicitDeny)]
    [InlineData("s3:ListAllMyBuckets", "arn:aws:s3:::amzn-s3-demo-bucket-logs", EvaluationDecision.ExplicitDeny)]
    [InlineData("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket-other/notes.txt", EvaluationDecision.ImplicitDeny)]
    public void Explicit_deny_overrides_allow_and_what_nothing_allows_is_implicitly_denied(string action, string resource, EvaluationDecision expected) =>
        Assert.Equal(expected, Decide(new EvaluationRequest(action, resource), [Carlos]));

    [Fact]
    public void The_explicit_deny_names_the_statement_that_decided_it()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/today.log"), [Carlos]);
        Assert.Equal("DenyS3Logs", Assert.Single(result.MatchedStatements).Sid);
    }

    // "The difference between explicit and implicit denies"
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html):
    // "a request results in an implicit deny if there is no applicable Allow statement"; a user with no policies at all
    // can do nothing.
    [Fact]
    public void A_principal_without_policies_is_implicitly_denied_everything() =>
        Assert.Equal(EvaluationDecision.ImplicitDeny, Decide(new EvaluationRequest("s3:ListAllMyBuckets"), []));

    // "Permissions boundaries for IAM entities" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html):
    // the boundary allows only Amazon S3, CloudWatch and EC2; ShirleyRodriguez's identity policy allows iam:CreateUser,
    // so she cannot create users: "The effective permissions ... are the intersection".
    private static readonly SourcedPolicy ShirleysBoundary = Policy("boundary",
        """{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}""");

    private static readonly SourcedPolicy ShirleysPolicy = Policy("user ShirleyRodriguez",
        """{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}""",
        """{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}""");

    [Theory]
    [InlineData("iam:CreateUser", EvaluationDecision.ImplicitDeny)]
    [InlineData("s3:ListAllMyBuckets", EvaluationDecision.Allowed)]
    [InlineData("ec2:DescribeInstances", EvaluationDecision.ImplicitDeny)]
    public void A_permissions_boundary_intersects_the_identity_policies(string action, EvaluationDecision expected) =>
        Assert.Equal(expected, Decide(new EvaluationRequest(action), [ShirleysPolicy], ShirleysBoundary));

    [Fact]
    public void What_the_boundary_cuts_off_is_reported_as_denied_by_the_boundary()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:CreateUser"), [ShirleysPolicy], ShirleysBoundary);
        Assert.True(result.DeniedByPermissionsBoundary);
    }

    // "IAM JSON policy elements: NotAction" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html):
    // Allow with NotAction iam:* on "*" allows every action of every service except IAM, and grants nothing in IAM.
    [Theory]
    [InlineData("s3:GetObject", EvaluationDecision.Allowed)]
    [InlineData("ec2:RunInstances", EvaluationDecision.Allowed)]
    [InlineData("iam:CreateUser", EvaluationDecision.ImplicitDeny)]
    [InlineData("IAM:listusers", EvaluationDecision.ImplicitDeny)]
    public void NotAction_with_Allow_allows_everything_but_the_listed_actions(string action, EvaluationDecision expected) =>
        Assert.Equal(expected, Decide(new EvaluationRequest(action), [Policy("p", """{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""")]));

    // Same page: Deny with NotAction and BoolIfExists aws:MultiFactorAuthPresent false denies everything except the
    // listed IAM actions to a caller who did not sign in with MFA; with MFA the allow stands.
    [Theory]
    [InlineData("ec2:RunInstances", "false", EvaluationDecision.ExplicitDeny)]
    [InlineData("ec2:RunInstances", null, EvaluationDecision.ExplicitDeny)]
    [InlineData("ec2:RunInstances", "true", EvaluationDecision.Allowed)]
    [InlineData("iam:ListVirtualMFADevices", "false", EvaluationDecision.Allowed)]
    public void NotAction_with_Deny_and_BoolIfExists_denies_all_but_the_listed_actions_without_MFA(string action, string? mfa, EvaluationDecision expected)
    {
        var policies = new[]
        {
            Policy("admin", """{"Effect":"Allow","Action":"*","Resource":"*"}"""),
            Policy("require-mfa", """{"Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}"""),
        };
        var request = new EvaluationRequest(action);
        if (mfa is not null) request = request.With("aws:MultiFactorAuthPresent", mfa);
        Assert.Equal(expected, Decide(request, policies));
    }

    // "IAM JSON policy elements: NotResource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html):
    // an Allow of s3:* with NotResource on the HR bucket's Payroll folder allows every S3 resource but that folder.
    [Theory]
    [InlineData("arn:aws:s3:::HRBucket/Reviews/2024.pdf", EvaluationDecision.Allowed)]
    [InlineData("arn:aws:s3:::HRBucket/Payroll/2024.csv", EvaluationDecision.ImplicitDeny)]
    [InlineData("arn:aws:s3:::HRBucket/Payroll", EvaluationDecision.ImplicitDeny)]
    [InlineData("arn:aws:s3:::hrbucket/Payroll/2024.csv", EvaluationDecision.Allowed)]
    public void NotResource_applies_to_every_resource_but_the_listed_ones(string resource, EvaluationDecision expected) =>
        Assert.Equal(expected, Decide(new EvaluationRequest("s3:GetObject", resource),
            [Policy("p", """{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}""")]));

    // "IAM policy elements: Variables and tags" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
    // ${aws:username} in Resource gives each user a home folder of their own; in a condition value it limits listing.
    private static readonly SourcedPolicy HomeFolder = Policy("home-folder",
        """{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}}""",
        """{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}""");

    [Theory]
    [InlineData("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt", null, EvaluationDecision.Allowed)]
    [InlineData("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt", null, EvaluationDecision.ImplicitDeny)]
    [InlineData("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", "home/alice/photos", EvaluationDecision.Allowed)]
    [InlineData("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", "home/bob/", EvaluationDecision.ImplicitDeny)]
    public void The_aws_username_variable_gives_each_user_their_own_home_folder(string action, string resource, string? prefix, EvaluationDecision expected)
    {
        var request = new EvaluationRequest(action, resource).With("aws:username", "alice");
        if (prefix is not null) request = request.With("s3:prefix", prefix);
        Assert.Equal(expected, Decide(request, [HomeFolder]));
    }

    [Fact]
    public void A_variable_with_no_value_matches_nothing_and_its_key_is_missing()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt"), [HomeFolder]);
        Assert.Equal(EvaluationDecision.ImplicitDeny, result.Decision);
        Assert.Equal(["aws:username"], result.MissingContextKeys);
    }

    // "IAM JSON policy elements: Condition operators", section "...IfExists condition operators"
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists):
    // StringLikeIfExists on ec2:InstanceType allows small instance types, and requests that carry no instance type at all.
    [Theory]
    [InlineData("t2.micro", EvaluationDecision.Allowed)]
    [InlineData("m3.large", EvaluationDecision.Allowed)]
    [InlineData("c5.24xlarge", EvaluationDecision.ImplicitDeny)]
    [InlineData(null, EvaluationDecision.Allowed)]
    public void IfExists_holds_when_the_key_is_absent_and_compares_it_when_present(string? instanceType, EvaluationDecision expected)
    {
        var policy = Policy("p", """{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}}""");
        var request = new EvaluationRequest("ec2:RunInstances", $"arn:aws:ec2:us-east-1:{Account}:instance/*");
        if (instanceType is not null) request = request.With("ec2:InstanceType", instanceType);
        Assert.Equal(expected, Decide(request, [policy]));
    }

    // Same page: "If the key that you specify in a policy condition is not present in the request context, the values do
    // not match and the condition is false. If the policy condition requires that the key is not matched, such as
    // StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
    [Theory]
    [InlineData("StringEquals", EvaluationDecision.ImplicitDeny)]
    [InlineData("StringLike", EvaluationDecision.ImplicitDeny)]
    [InlineData("StringNotLike", EvaluationDecision.Allowed)]
    [InlineData("ArnNotLike", EvaluationDecision.Allowed)]
    public void A_missing_key_fails_a_condition_except_a_negated_one_and_is_reported(string op, EvaluationDecision expected)
    {
        var policy = Policy("p", "{\"Effect\":\"Allow\",\"Action\":\"iam:*AccessKey*\",\"Resource\":\"arn:aws:iam::" + Account + ":user/*\",\"Condition\":{\"" + op + "\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}}");
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/alice"), [policy]);
        Assert.Equal(expected, result.Decision);
        Assert.Equal(["aws:PrincipalTag/job-category"], result.MissingContextKeys);
    }

    // Same page, "Condition operator to check existence of condition keys": Null aws:TokenIssueTime true is true for
    // long-term access keys (the key is absent) and false for temporary credentials; Null never reports its key missing.
    [Theory]
    [InlineData(null, EvaluationDecision.ExplicitDeny)]
    [InlineData("2026-12-07T05:00:00Z", EvaluationDecision.Allowed)]
    public void Null_checks_whether_a_key_is_present(string? tokenIssueTime, EvaluationDecision expected)
    {
        var policies = new[]
        {
            Policy("admin", """{"Effect":"Allow","Action":"*","Resource":"*"}"""),
            Policy("temporary-only", """{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}"""),
        };
        var request = new EvaluationRequest("ec2:StopInstances");
        if (tokenIssueTime is not null) request = request.With("aws:TokenIssueTime", tokenIssueTime);
        var result = PolicyEvaluator.Evaluate(request, policies);
        Assert.Equal(expected, result.Decision);
        Assert.Empty(result.MissingContextKeys);
    }

    // "Conditions with multiple context keys or values" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
    // operators and keys AND, values of one key OR, and the values of a negated operator NOR.
    [Theory]
    [InlineData("audit", "arn:aws:iam::123456789012:user/alice", true)]
    [InlineData("security", "arn:aws:iam::123456789012:user/alice", true)]
    [InlineData("dev", "arn:aws:iam::123456789012:user/alice", false)]
    [InlineData("audit", "arn:aws:iam::123456789012:role/ci", false)]
    public void Conditions_AND_across_operators_and_keys_and_OR_across_values(string role, string principalArn, bool allowed)
    {
        var policy = Policy("p", """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/role":["audit","security"]},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/*"}}}""");
        var request = new EvaluationRequest("s3:GetObject", "arn:aws:s3:::reports/q3.csv").With("aws:PrincipalTag/role", role).With("aws:PrincipalArn", principalArn);
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(request, [policy]).IsAllowed);
    }

    [Theory]
    [InlineData("audit", false)]
    [InlineData("security", false)]
    [InlineData("dev", true)]
    public void The_values_of_a_negated_operator_are_NOR(string role, bool allowed)
    {
        var policy = Policy("p", """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/role":["audit","security"]}}}""");
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(new EvaluationRequest("s3:GetObject").With("aws:PrincipalTag/role", role), [policy]).IsAllowed);
    }
}
