namespace IamOperator.Policies.Tests;

/// <summary>
/// The rules of AWS's evaluation logic for identity-based policies in one account, each pinned by an example
/// in the spirit of the IAM User Guide's pages:
/// "Policy evaluation logic" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
/// "The difference between explicit and implicit denies" (reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html),
/// "Permissions boundaries for IAM entities" (access_policies_boundaries.html),
/// "IAM JSON policy elements: NotAction / NotResource", "Condition operators" (reference_policies_elements_condition_operators.html)
/// and "Variables and tags" (reference_policies_variables.html).
/// </summary>
public sealed class PolicyEvaluatorTests
{
    private const string Bucket = "arn:aws:s3:::amzn-s3-demo-bucket";

    private static SourcedPolicy Policy(string source, string json) => new(source, PolicyDocument.Parse(json));

    private static SourcedPolicy Statements(string source, params string[] statements) =>
        Policy(source, $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""");

    /// <summary>A policy allowing everything under one condition clause.</summary>
    private static SourcedPolicy Conditioned(string op, string key, string value) =>
        Statements("p", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"" + op + "\":{\"" + key + "\":\"" + value + "\"}}}");

    private static EvaluationResult Evaluate(EvaluationRequest request, params SourcedPolicy[] policies) => PolicyEvaluator.Evaluate(request, policies);

    [Fact]
    public void A_request_no_policy_allows_is_implicitly_denied()
    {
        var result = Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/a"), Statements("p", """{"Effect":"Allow","Action":"ec2:*","Resource":"*"}"""));
        Assert.Equal(EvaluationDecision.ImplicitDeny, result.Decision);
        Assert.Empty(result.MatchedStatements);
    }

    [Fact]
    public void An_explicit_deny_in_any_policy_overrides_an_allow()
    {
        // The Interplay page's example: Get/List allowed, reports denied even where another policy allows them.
        var readIam = Statements("group Auditors → ReadIam",
            """{"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}""",
            """{"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}""");
        var reports = Statements("inline policy reports", """{"Effect":"Allow","Action":"iam:GenerateCredentialReport","Resource":"*"}""");

        var denied = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:GenerateCredentialReport"), [readIam, reports]);
        Assert.Equal(EvaluationDecision.ExplicitDeny, denied.Decision);
        Assert.Equal(new MatchedStatement("group Auditors → ReadIam", 1, "DenyReports", PolicyEffect.Deny, false), Assert.Single(denied.MatchedStatements));

        var allowed = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:GetUser", "arn:aws:iam::123456789012:user/carlos"), [readIam, reports]);
        Assert.Equal(EvaluationDecision.Allowed, allowed.Decision);
        Assert.Equal("AllowGetList", Assert.Single(allowed.MatchedStatements).Sid);
    }

    [Fact]
    public void Every_allow_that_applies_is_named_with_the_path_that_grants_it()
    {
        var admin = Statements("group DevOps → AdministratorAccess", """{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var s3 = Statements("inline policy s3", """{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}""");
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("s3:ListAllMyBuckets"), [admin, s3]);
        Assert.Equal(["group DevOps → AdministratorAccess", "inline policy s3"], result.MatchedStatements.Select(s => s.Source));
    }

    [Fact]
    public void A_permissions_boundary_limits_but_does_not_grant()
    {
        // "Permissions boundaries for IAM entities": the effective permissions are the intersection.
        var identity = Statements("inline policy", """{"Effect":"Allow","Action":["s3:*","iam:CreateUser"],"Resource":"*"}""");
        var boundary = Statements("boundary S3Only", """{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}""");

        var both = PolicyEvaluator.Evaluate(new EvaluationRequest("s3:PutObject", $"{Bucket}/x"), [identity], boundary);
        Assert.Equal(EvaluationDecision.Allowed, both.Decision);
        Assert.Contains(both.MatchedStatements, s => s.InPermissionsBoundary);

        var identityOnly = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:CreateUser"), [identity], boundary);
        Assert.Equal(EvaluationDecision.ImplicitDeny, identityOnly.Decision);
        Assert.True(identityOnly.DeniedByPermissionsBoundary);

        var boundaryOnly = PolicyEvaluator.Evaluate(new EvaluationRequest("ec2:RunInstances"), [identity], boundary);
        Assert.Equal(EvaluationDecision.ImplicitDeny, boundaryOnly.Decision);
        Assert.False(boundaryOnly.DeniedByPermissionsBoundary);
    }

    [Fact]
    public void A_deny_in_the_permissions_boundary_is_an_explicit_deny()
    {
        var identity = Statements("inline policy", """{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var boundary = Statements("boundary", """{"Effect":"Allow","Action":"*","Resource":"*"}""", """{"Sid":"NoIam","Effect":"Deny","Action":"iam:*","Resource":"*"}""");
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest("iam:CreateUser"), [identity], boundary);
        Assert.Equal(EvaluationDecision.ExplicitDeny, result.Decision);
        Assert.True(Assert.Single(result.MatchedStatements).InPermissionsBoundary);
    }

    [Fact]
    public void NotAction_with_Allow_allows_everything_except_the_listed_actions()
    {
        // PowerUserAccess's shape: everything except IAM and Organizations.
        var policy = Statements("p", """{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}""");
        Assert.True(Evaluate(new EvaluationRequest("ec2:RunInstances"), policy).IsAllowed);
        Assert.Equal(EvaluationDecision.ImplicitDeny, Evaluate(new EvaluationRequest("iam:CreateUser"), policy).Decision);
    }

    [Fact]
    public void NotAction_with_Deny_denies_everything_except_the_listed_actions()
    {
        // The NotAction page's MFA example: without MFA, everything but the IAM self-service calls is denied.
        var policy = Statements("p",
            """{"Effect":"Allow","Action":"*","Resource":"*"}""",
            """{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}""");
        var withoutMfa = new EvaluationRequest("s3:ListAllMyBuckets").With("aws:MultiFactorAuthPresent", "false");
        Assert.Equal(EvaluationDecision.ExplicitDeny, Evaluate(withoutMfa, policy).Decision);
        Assert.True(Evaluate(new EvaluationRequest("iam:ListUsers").With("aws:MultiFactorAuthPresent", "false"), policy).IsAllowed);
        Assert.True(Evaluate(new EvaluationRequest("s3:ListAllMyBuckets").With("aws:MultiFactorAuthPresent", "true"), policy).IsAllowed);
        // BoolIfExists holds for an absent key: a request without the key is denied too.
        Assert.Equal(EvaluationDecision.ExplicitDeny, Evaluate(new EvaluationRequest("s3:ListAllMyBuckets"), policy).Decision);
    }

    [Fact]
    public void NotResource_applies_to_every_resource_except_the_listed_ones()
    {
        var policy = Statements("p",
            """{"Effect":"Allow","Action":"s3:*","Resource":"*"}""",
            $$"""{"Effect":"Deny","Action":"s3:*","NotResource":["{{Bucket}}","{{Bucket}}/*"]}""");
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/report.csv"), policy).IsAllowed);
        Assert.Equal(EvaluationDecision.ExplicitDeny, Evaluate(new EvaluationRequest("s3:GetObject", "arn:aws:s3:::other/report.csv"), policy).Decision);
    }

    [Theory]
    [InlineData("s3:Get*", "s3:GetObject", true)]
    [InlineData("S3:getobject", "s3:GetObject", true)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    [InlineData("*", "lambda:ListFunctions", true)]
    public void Action_names_match_wildcards_case_insensitively(string pattern, string action, bool allowed)
    {
        var policy = Statements("p", $$"""{"Effect":"Allow","Action":"{{pattern}}","Resource":"*"}""");
        Assert.Equal(allowed, Evaluate(new EvaluationRequest(action), policy).IsAllowed);
    }

    [Theory]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/a/b.txt", true)]
    [InlineData("arn:aws:s3:::Amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/a", false)]
    [InlineData("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true)]
    [InlineData("arn:aws:iam::123456789012:user/*", "arn:aws:iam::210987654321:user/carlos", false)]
    [InlineData("*", "*", true)]
    [InlineData("arn:aws:s3:::*", "*", false)]
    public void Resource_ARNs_match_segment_by_segment_and_case_sensitively(string pattern, string resource, bool allowed)
    {
        var policy = Statements("p", $$"""{"Effect":"Allow","Action":"s3:*","Resource":"{{pattern}}"}""");
        Assert.Equal(allowed, Evaluate(new EvaluationRequest("s3:GetObject", resource), policy).IsAllowed);
    }

    [Fact]
    public void A_condition_on_a_missing_key_is_reported_as_a_missing_context_value()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*"},"Bool":{"aws:SecureTransport":"true"}}}""");
        var result = Evaluate(new EvaluationRequest("s3:ListBucket", Bucket), policy);
        Assert.Equal(EvaluationDecision.ImplicitDeny, result.Decision);
        Assert.Equal(["aws:SecureTransport", "s3:prefix"], result.MissingContextKeys);

        var supplied = Evaluate(new EvaluationRequest("s3:ListBucket", Bucket).With("s3:prefix", "home/a").With("aws:SecureTransport", "true"), policy);
        Assert.True(supplied.IsAllowed);
        Assert.Empty(supplied.MissingContextKeys);
    }

    [Fact]
    public void A_statement_that_cannot_apply_to_the_resource_asks_for_no_context_keys_unless_a_variable_left_it_undecided()
    {
        // A key is missing when supplying it could change the decision. The statement on reports/* cannot apply to
        // other/x whatever the context holds; the home/${aws:username} one might, once aws:username is supplied. Pinned
        // with the emulator's simulator by tests/IamOperator.Iam.Tests/Emulator/EngineAgreesWithSimulatorTests.cs.
        var policy = Statements("p",
            """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::reports/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}""",
            """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}""");

        Assert.Equal(["aws:SecureTransport", "aws:SourceIp", "aws:username"], Evaluate(new EvaluationRequest("s3:GetObject", "arn:aws:s3:::reports/q3.csv"), policy).MissingContextKeys);
        Assert.Equal(["aws:SourceIp", "aws:username"], Evaluate(new EvaluationRequest("s3:GetObject", "arn:aws:s3:::other/x"), policy).MissingContextKeys);
        Assert.Empty(Evaluate(new EvaluationRequest("s3:GetObject", "arn:aws:s3:::other/x").With("aws:username", "alice"), policy).MissingContextKeys);
    }

    [Fact]
    public void Conditions_hold_when_every_clause_holds_and_a_clause_holds_when_any_value_matches()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}""");
        var request = new EvaluationRequest("ec2:RunInstances").With("aws:SourceIp", "203.0.113.7");
        Assert.True(Evaluate(request.With("aws:RequestedRegion", "eu-central-1"), policy).IsAllowed);
        Assert.False(Evaluate(request.With("aws:RequestedRegion", "us-east-1"), policy).IsAllowed);
        Assert.False(Evaluate(request.With("aws:RequestedRegion", "eu-west-1").With("aws:SourceIp", "198.51.100.1"), policy).IsAllowed);
    }

    [Fact]
    public void Condition_keys_match_case_insensitively_and_string_values_case_sensitively()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"Payments"}}}""");
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject").With("AWS:principaltag/team", "Payments"), policy).IsAllowed);
        Assert.False(Evaluate(new EvaluationRequest("s3:GetObject").With("aws:PrincipalTag/Team", "payments"), policy).IsAllowed);

        var ignoringCase = Statements("p", """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalTag/Team":"Payments"}}}""");
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject").With("aws:PrincipalTag/Team", "PAYMENTS"), ignoringCase).IsAllowed);
    }

    [Theory]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotLike", true)]
    [InlineData("ArnNotLike", true)]
    [InlineData("NotIpAddress", true)]
    [InlineData("StringEquals", false)]
    [InlineData("StringEqualsIfExists", true)]
    [InlineData("ForAllValues:StringEquals", true)]
    [InlineData("ForAnyValue:StringEquals", false)]
    public void On_an_absent_key_a_negated_operator_IfExists_and_ForAllValues_hold_and_the_others_do_not(string op, bool holds)
    {
        var value = op.Contains("Ip", StringComparison.Ordinal) ? "10.0.0.0/8" : op.StartsWith("Arn", StringComparison.Ordinal) ? "arn:aws:iam::*:role/x" : "x";
        var policy = Conditioned(op, "aws:SomeKey", value);
        Assert.Equal(holds, Evaluate(new EvaluationRequest("s3:GetObject"), policy).IsAllowed);
    }

    [Fact]
    public void Null_checks_whether_the_key_is_present_and_never_reports_it_missing()
    {
        var policy = Statements("p", """{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}""", """{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var longTerm = Evaluate(new EvaluationRequest("s3:GetObject"), policy);
        Assert.Equal(EvaluationDecision.ExplicitDeny, longTerm.Decision);
        Assert.Empty(longTerm.MissingContextKeys);
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject").With("aws:TokenIssueTime", "2026-12-07T04:00:00Z"), policy).IsAllowed);
    }

    [Fact]
    public void ForAllValues_asks_every_request_value_to_match_and_ForAnyValue_one()
    {
        var all = Statements("p", """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["Team","CostCenter"]}}}""");
        var any = Statements("p", """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["Team","CostCenter"]}}}""");
        var request = new EvaluationRequest("ec2:CreateTags");
        Assert.True(Evaluate(request.With("aws:TagKeys", "Team", "CostCenter"), all).IsAllowed);
        Assert.False(Evaluate(request.With("aws:TagKeys", "Team", "Owner"), all).IsAllowed);
        Assert.True(Evaluate(request.With("aws:TagKeys", "Team", "Owner"), any).IsAllowed);
        Assert.False(Evaluate(request.With("aws:TagKeys", "Owner"), any).IsAllowed);
    }

    [Theory]
    [InlineData("NumericLessThanEquals", "aws:MultiFactorAuthAge", "3600", "1200", true)]
    [InlineData("NumericLessThanEquals", "aws:MultiFactorAuthAge", "3600", "7200", false)]
    [InlineData("NumericLessThanEquals", "aws:MultiFactorAuthAge", "3600", "not a number", false)]
    [InlineData("DateLessThan", "aws:CurrentTime", "2026-12-31T23:59:59Z", "2026-12-07T04:00:00Z", true)]
    [InlineData("DateLessThan", "aws:CurrentTime", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z", false)]
    [InlineData("DateGreaterThan", "aws:EpochTime", "1700000000", "1800000000", true)]
    [InlineData("Bool", "aws:SecureTransport", "true", "TRUE", true)]
    [InlineData("Bool", "aws:SecureTransport", "true", "false", false)]
    [InlineData("BinaryEquals", "key", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", true)]
    [InlineData("IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db8::1", true)]
    [InlineData("NotIpAddress", "aws:SourceIp", "192.0.2.0/24", "192.0.2.9", false)]
    [InlineData("IpAddress", "aws:SourceIp", "192.0.2.9", "192.0.2.9", true)]
    // A block written with host bits set is read as its network (docs/policies.md, limits).
    [InlineData("IpAddress", "aws:SourceIp", "192.0.2.9/24", "192.0.2.77", true)]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:sns:*:123456789012:topic-*", "arn:aws:sns:eu-west-1:123456789012:topic-a", true)]
    [InlineData("ArnEquals", "aws:SourceArn", "arn:aws:sns:*:123456789012:topic-*", "arn:aws:sns:eu-west-1:123456789012:other", false)]
    [InlineData("StringLike", "s3:prefix", "home/*/docs", "home/carlos/docs", true)]
    [InlineData("StringNotLike", "s3:prefix", "home/*", "home/carlos", false)]
    public void Each_operator_compares_its_kind_of_value(string op, string key, string policyValue, string requestValue, bool holds)
    {
        var policy = Conditioned(op, key, policyValue);
        Assert.Equal(holds, Evaluate(new EvaluationRequest("s3:GetObject").With(key, requestValue), policy).IsAllowed);
    }

    [Fact]
    public void A_policy_variable_takes_the_value_of_its_context_key()
    {
        // The Variables page's home-folder example.
        var policy = Statements("group Staff → HomeFolder", """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}""");
        var carlos = new EvaluationRequest("s3:GetObject", $"{Bucket}/home/carlos/notes.txt").With("aws:username", "carlos");
        Assert.True(Evaluate(carlos, policy).IsAllowed);
        Assert.False(Evaluate(carlos.With("aws:username", "maria"), policy).IsAllowed);

        var noUser = Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/home/carlos/notes.txt"), policy);
        Assert.False(noUser.IsAllowed);
        Assert.Equal(["aws:username"], noUser.MissingContextKeys);
    }

    [Fact]
    public void A_policy_variable_in_a_condition_value_is_replaced_too()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/${aws:userid}/*"}}}""");
        var request = new EvaluationRequest("s3:ListBucket", Bucket).With("aws:userid", "AIDAEXAMPLE");
        Assert.True(Evaluate(request.With("s3:prefix", "home/AIDAEXAMPLE/x"), policy).IsAllowed);
        Assert.False(Evaluate(request.With("s3:prefix", "home/AIDAOTHER/x"), policy).IsAllowed);
    }

    [Fact]
    public void A_policy_variable_falls_back_to_its_default_value()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*"}""");
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/company-wide/a"), policy).IsAllowed);
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/payments/a").With("aws:PrincipalTag/team", "payments"), policy).IsAllowed);
        Assert.Empty(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/company-wide/a"), policy).MissingContextKeys);
    }

    [Fact]
    public void The_special_variables_stand_for_literal_characters_not_wildcards()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/a${*}b${?}c${$}"}""");
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/a*b?c$"), policy).IsAllowed);
        Assert.False(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/aXXbYc$"), policy).IsAllowed);
    }

    [Fact]
    public void Policy_variables_are_literal_text_in_the_2008_policy_language()
    {
        var policy = Policy("p", """{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}"}]}""");
        Assert.False(Evaluate(new EvaluationRequest("s3:GetObject", $"{Bucket}/carlos").With("aws:username", "carlos"), policy).IsAllowed);
        Assert.True(Evaluate(new EvaluationRequest("s3:GetObject", Bucket + "/${aws:username}"), policy).IsAllowed);
    }

    [Fact]
    public void A_statement_without_Resource_grants_nothing_in_an_identity_policy()
    {
        // The guardrails refuse such a statement; evaluation must not read it as "every resource".
        var policy = Policy("p", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}""");
        Assert.Equal(EvaluationDecision.ImplicitDeny, Evaluate(new EvaluationRequest("s3:ListAllMyBuckets"), policy).Decision);
    }

    [Fact]
    public void Context_keys_that_differ_only_in_case_are_one_key()
    {
        var policy = Statements("p", """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["Team"]}}}""");
        var request = new EvaluationRequest("ec2:CreateTags") { Context = new Dictionary<string, IReadOnlyList<string>> { ["aws:TagKeys"] = ["Team"], ["AWS:TAGKEYS"] = ["Owner"] } };
        Assert.False(Evaluate(request, policy).IsAllowed);
    }

    [Fact]
    public void A_matched_statement_reads_as_the_path_that_grants_it()
    {
        Assert.Equal("group DevOps → AdministratorAccess Statement[0]", new MatchedStatement("group DevOps → AdministratorAccess", 0, null, PolicyEffect.Allow, false).ToString());
        Assert.Equal("boundary Statement[2] (NoIam) [permissions boundary]", new MatchedStatement("boundary", 2, "NoIam", PolicyEffect.Deny, true).ToString());
    }
}
