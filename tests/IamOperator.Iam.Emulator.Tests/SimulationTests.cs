using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// IAM's policy simulator over HTTP: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html,
/// API_SimulateCustomPolicy.html, and the evaluation logic of reference_policies_evaluation-logic.html.
/// </summary>
public sealed class SimulationTests
{
    private const string Account = "123456789012";
    private const string Aws = "arn:aws:iam::aws:policy/";

    [Fact]
    public async Task Article_step_5_the_teams_access_is_decided_by_the_AWS_managed_policies_of_the_sample()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Group(iam, "Developers", Aws + "PowerUserAccess", "alice.johnson");
        await Group(iam, "ReadOnly", Aws + "ReadOnlyAccess", "diana.analyst");
        await Role(iam, "EC2-S3-Access-Role", Aws + "AmazonS3ReadOnlyAccess");
        await Role(iam, "Lambda-Basic-Role", Aws + "service-role/AWSLambdaBasicExecutionRole");

        var developer = await Decisions(iam, User("alice.johnson"), "s3:ListAllMyBuckets", "ec2:DescribeInstances", "lambda:ListFunctions", "iam:CreateUser");
        var readOnly = await Decisions(iam, User("diana.analyst"),
            "s3:ListAllMyBuckets", "ec2:DescribeInstances", "lambda:ListFunctions", "s3:PutObject", "ec2:RunInstances", "lambda:CreateFunction", "iam:CreateUser");
        var ec2Role = await Decisions(iam, $"arn:aws:iam::{Account}:role/EC2-S3-Access-Role", "s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:DeleteObject");
        var lambdaRole = await Decisions(iam, $"arn:aws:iam::{Account}:role/Lambda-Basic-Role", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "s3:GetObject");

        Assert.Equal(["allowed", "allowed", "allowed", "implicitDeny"], developer);
        Assert.Equal(["allowed", "allowed", "allowed", "implicitDeny", "implicitDeny", "implicitDeny", "implicitDeny"], readOnly);
        Assert.Equal(["allowed", "allowed", "implicitDeny", "implicitDeny"], ec2Role);
        Assert.Equal(["allowed", "allowed", "allowed", "implicitDeny"], lambdaRole);
    }

    [Fact]
    public async Task A_users_policies_include_its_inline_and_attached_policies_and_those_of_its_groups()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Group(iam, "Readers", Aws + "AmazonS3ReadOnlyAccess", "alice");
        await iam.OkAsync("PutGroupPolicy", ("GroupName", "Readers"), ("PolicyName", "queues"), ("PolicyDocument", Allow("sqs:SendMessage")));
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "own"), ("PolicyDocument", Allow("ec2:RunInstances")));
        await iam.OkAsync("AttachUserPolicy", ("UserName", "alice"), ("PolicyArn", Aws + "CloudWatchLogsFullAccess"));

        var response = await Simulate(iam, User("alice"), "s3:GetObject", "sqs:SendMessage", "ec2:RunInstances", "logs:PutLogEvents", "dynamodb:PutItem");

        Assert.Equal(["allowed", "allowed", "allowed", "allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["AmazonS3ReadOnlyAccess", "queues", "own", "CloudWatchLogsFullAccess"],
            response.All("EvaluationResults/member").Take(4).Select(result => Value(result, "MatchedStatements", "member", "SourcePolicyId")));
        Assert.Equal(["aws-managed", "group", "user", "aws-managed"],
            response.All("EvaluationResults/member").Take(4).Select(result => Value(result, "MatchedStatements", "member", "SourcePolicyType")));
    }

    [Fact]
    public async Task An_explicit_deny_overrides_any_allow_and_is_the_matched_statement()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Group(iam, "Admins", Aws + "AdministratorAccess", "alice");
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "no-iam"), ("PolicyDocument",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"""));

        var response = await Simulate(iam, User("alice"), "iam:CreateUser", "s3:PutObject");

        Assert.Equal(["explicitDeny", "allowed"], response.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["no-iam"], response.Values("EvaluationResults/member/MatchedStatements/member/SourcePolicyId").Take(1));
        Assert.Equal("user", response.Value("EvaluationResults/member/MatchedStatements/member/SourcePolicyType"));
    }

    [Fact]
    public async Task Without_a_matching_allow_the_decision_is_an_implicit_deny_with_no_matched_statement()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await Simulate(iam, User("alice"), "s3:GetObject");

        Assert.Equal("implicitDeny", response.Value("EvaluationResults/member/EvalDecision"));
        Assert.Empty(response.All("EvaluationResults/member/MatchedStatements/member"));
        Assert.Equal("*", response.Value("EvaluationResults/member/EvalResourceName"));
    }

    [Fact]
    public async Task NotAction_allows_everything_but_the_listed_actions_and_a_second_statement_adds_some_back()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Group(iam, "Developers", Aws + "PowerUserAccess", "alice");

        var response = await Simulate(iam, User("alice"), "dynamodb:DeleteTable", "iam:CreateUser", "IAM:listroles", "organizations:CreateAccount");

        Assert.Equal(["allowed", "implicitDeny", "allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task NotResource_applies_to_every_resource_but_the_listed_ones_and_resources_match_case_sensitively()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}]}""";

        var response = await Custom(iam, [document], ["s3:GetObject"], ["arn:aws:s3:::public/a", "arn:aws:s3:::secret/a", "arn:aws:s3:::SECRET/a"]);

        Assert.Equal(["allowed", "implicitDeny", "allowed"], response.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["arn:aws:s3:::public/a", "arn:aws:s3:::secret/a", "arn:aws:s3:::SECRET/a"], response.Values("EvaluationResults/member/EvalResourceName"));
    }

    [Fact]
    public async Task Resource_wildcards_stay_inside_their_ARN_segment_except_the_resource_part()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::logs-?/*","arn:aws:dynamodb:*:123456789012:table/*"]}]}""";

        var response = await Custom(iam, [document], ["s3:GetObject"],
            ["arn:aws:s3:::logs-a/2024/01/x", "arn:aws:s3:::logs-ab/x", "arn:aws:dynamodb:eu-west-1:123456789012:table/t", "arn:aws:dynamodb:eu-west-1:999999999999:table/t"]);

        Assert.Equal(["allowed", "implicitDeny", "allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task Every_action_is_evaluated_against_every_resource_in_request_order()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await Custom(iam, [Allow("s3:GetObject")], ["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::a/1", "arn:aws:s3:::b/2"]);

        Assert.Equal(["s3:GetObject", "s3:GetObject", "s3:PutObject", "s3:PutObject"], response.Values("EvaluationResults/member/EvalActionName"));
        Assert.Equal(["arn:aws:s3:::a/1", "arn:aws:s3:::b/2", "arn:aws:s3:::a/1", "arn:aws:s3:::b/2"], response.Values("EvaluationResults/member/EvalResourceName"));
        Assert.Equal(["allowed", "allowed", "implicitDeny", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task A_permissions_boundary_caps_what_the_identity_policies_allow()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("AttachUserPolicy", ("UserName", "alice"), ("PolicyArn", Aws + "AdministratorAccess"));
        await iam.OkAsync("PutUserPermissionsBoundary", ("UserName", "alice"), ("PermissionsBoundary", Aws + "AmazonS3ReadOnlyAccess"));

        var response = await Simulate(iam, User("alice"), "s3:GetObject", "ec2:RunInstances");

        Assert.Equal(["allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["true", "false"], response.Values("EvaluationResults/member/PermissionsBoundaryDecisionDetail/AllowedByPermissionsBoundary"));
        Assert.Equal(["AdministratorAccess", "AmazonS3ReadOnlyAccess"], response.Values("EvaluationResults/member/MatchedStatements/member/SourcePolicyId"));
    }

    [Fact]
    public async Task A_boundary_does_not_grant_what_no_identity_policy_allows()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await Custom(iam, [Allow("s3:GetObject")], ["ec2:RunInstances"], boundaries: [Allow("*")]);

        Assert.Equal("implicitDeny", response.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("true", response.Value("EvaluationResults/member/PermissionsBoundaryDecisionDetail/AllowedByPermissionsBoundary"));
    }

    [Fact]
    public async Task A_boundary_given_in_the_request_replaces_the_principals_boundary()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", Aws + "AdministratorAccess"));
        await iam.OkAsync("PutRolePermissionsBoundary", ("RoleName", "app"), ("PermissionsBoundary", Aws + "AmazonS3ReadOnlyAccess"));

        var response = await Simulate(iam, $"arn:aws:iam::{Account}:role/app", ["ec2:RunInstances", "s3:GetObject"],
            ("PermissionsBoundaryPolicyInputList.member.1", Allow("ec2:*")));

        Assert.Equal(["allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["AdministratorAccess", "PermissionsBoundaryPolicyInputList.1"], response.Values("EvaluationResults/member/MatchedStatements/member/SourcePolicyId"));
    }

    [Fact]
    public async Task A_deny_in_the_boundary_is_an_explicit_deny()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var boundary = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}""";

        var response = await Custom(iam, [Allow("s3:*")], ["s3:DeleteBucket"], boundaries: [boundary]);

        Assert.Equal("explicitDeny", response.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("PermissionsBoundaryPolicyInputList.1", response.Value("EvaluationResults/member/MatchedStatements/member/SourcePolicyId"));
    }

    [Fact]
    public async Task A_condition_key_missing_from_the_context_is_reported_and_the_statement_does_not_apply()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";

        var without = await Custom(iam, [document], ["ec2:RunInstances"]);
        var partial = await Custom(iam, [document], ["ec2:RunInstances"], context: [("aws:RequestedRegion", "string", ["eu-west-1"])]);
        var with = await Custom(iam, [document], ["ec2:RunInstances"], context: [("aws:requestedregion", "string", ["eu-west-1"]), ("aws:MultiFactorAuthPresent", "boolean", ["true"])]);

        Assert.Equal("implicitDeny", without.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["aws:RequestedRegion", "aws:MultiFactorAuthPresent"], without.Values("EvaluationResults/member/MissingContextValues/member"));
        Assert.Equal(["aws:MultiFactorAuthPresent"], partial.Values("EvaluationResults/member/MissingContextValues/member"));
        Assert.Equal("allowed", with.Value("EvaluationResults/member/EvalDecision"));
        Assert.Empty(with.All("EvaluationResults/member/MissingContextValues/member"));
    }

    [Theory]
    [InlineData("StringEquals", "\"prod\"", "string", "prod", "allowed")]
    [InlineData("StringEquals", "\"prod\"", "string", "PROD", "implicitDeny")]
    [InlineData("StringEqualsIgnoreCase", "\"prod\"", "string", "PROD", "allowed")]
    [InlineData("StringNotEquals", "[\"prod\",\"stage\"]", "string", "dev", "allowed")]
    [InlineData("StringNotEquals", "[\"prod\",\"stage\"]", "string", "stage", "implicitDeny")]
    [InlineData("StringLike", "\"team-*\"", "string", "team-a", "allowed")]
    [InlineData("StringNotLike", "\"team-*\"", "string", "team-a", "implicitDeny")]
    [InlineData("NumericLessThan", "10", "numeric", "9.5", "allowed")]
    [InlineData("NumericLessThan", "10", "numeric", "10", "implicitDeny")]
    [InlineData("NumericGreaterThanEquals", "\"10\"", "numeric", "10", "allowed")]
    [InlineData("DateLessThan", "\"2030-01-01T00:00:00Z\"", "date", "2029-12-31T23:59:59Z", "allowed")]
    [InlineData("DateGreaterThan", "\"2030-01-01T00:00:00Z\"", "date", "2029-12-31T23:59:59Z", "implicitDeny")]
    [InlineData("Bool", "true", "boolean", "true", "allowed")]
    [InlineData("Bool", "\"true\"", "boolean", "false", "implicitDeny")]
    [InlineData("IpAddress", "\"203.0.113.0/24\"", "ip", "203.0.113.7", "allowed")]
    [InlineData("NotIpAddress", "\"203.0.113.0/24\"", "ip", "203.0.113.7", "implicitDeny")]
    [InlineData("ArnLike", "\"arn:aws:iam::*:role/app-*\"", "string", "arn:aws:iam::123456789012:role/app-web", "allowed")]
    [InlineData("ArnNotEquals", "\"arn:aws:iam::123456789012:role/app\"", "string", "arn:aws:iam::123456789012:role/app", "implicitDeny")]
    [InlineData("StringEqualsIfExists", "\"prod\"", "string", "dev", "implicitDeny")]
    [InlineData("BinaryEquals", "\"QmluYXJ5\"", "binary", "QmluYXJ5", "allowed")]
    public async Task Condition_operators_compare_the_context_value_as_IAM_documents(string @operator, string policyValue, string type, string contextValue, string decision)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = S3GetObjectWhen($"\"{@operator}\":{{\"test:key\":{policyValue}}}");

        var response = await Custom(iam, [document], ["s3:GetObject"], context: [("test:key", type, [contextValue])]);

        Assert.Equal(decision, response.Value("EvaluationResults/member/EvalDecision"));
    }

    [Theory]
    [InlineData("StringEqualsIfExists", "allowed")]
    [InlineData("Null", "allowed")]
    [InlineData("ForAllValues:StringEquals", "allowed")]
    [InlineData("ForAnyValue:StringEquals", "implicitDeny")]
    [InlineData("StringEquals", "implicitDeny")]
    // "If the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right
    // key is not present, the condition is true" (reference_policies_elements_condition_operators.html). Found by the
    // differential test against the operator's engine (tests/IamOperator.Iam.Tests/Emulator/EngineAgreesWithSimulatorTests.cs).
    [InlineData("StringNotEquals", "allowed")]
    [InlineData("StringNotLike", "allowed")]
    [InlineData("ForAnyValue:StringNotEquals", "implicitDeny")]
    public async Task An_absent_key_satisfies_IfExists_Null_true_ForAllValues_and_a_negated_operator_but_no_other(string @operator, string decision)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var value = @operator == "Null" ? "true" : "\"prod\"";
        var document = S3GetObjectWhen($"\"{@operator}\":{{\"aws:ResourceTag/env\":{value}}}");

        var response = await Custom(iam, [document], ["s3:GetObject"]);

        Assert.Equal(decision, response.Value("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task NotIpAddress_holds_when_the_request_has_no_source_ip_and_the_key_is_still_reported_missing()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}""";

        var response = await Custom(iam, [document], ["s3:GetObject"]);

        Assert.Equal("explicitDeny", response.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["aws:SourceIp"], response.Values("EvaluationResults/member/MissingContextValues/member"));
    }

    [Fact]
    public async Task A_star_that_ends_a_resource_segment_matches_beyond_the_colons_and_a_question_mark_never_matches_one()
    {
        // reference_policies_elements_resource.html: "If the * wildcard is the last character of a resource ARN segment,
        // it can expand to match beyond the colon boundaries". Found by the differential test: "arn:aws:s3:*" matched nothing.
        await using var iam = await EmulatorHarness.StartAsync();
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":["arn:aws:s3:*","arn:aws:logs:*:123456789012:log-group:app?x"]}]}""";

        var response = await Custom(iam, [document], ["s3:GetObject"],
            ["arn:aws:s3:::reports/q3.csv", "arn:aws:logs:eu-west-1:123456789012:log-group:app:x", "arn:aws:logs:eu-west-1:123456789012:log-group:app-x", "arn:aws:sqs:eu-west-1:123456789012:q"]);

        Assert.Equal(["allowed", "implicitDeny", "allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task Policy_variables_are_literal_text_in_the_2008_policy_language()
    {
        // reference_policies_variables.html: variables need "Version": "2012-10-17"; before it they are literal strings.
        await using var iam = await EmulatorHarness.StartAsync();
        var document = """{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}""";

        var response = await Custom(iam, [document], ["s3:GetObject"], ["arn:aws:s3:::home/alice/x", "arn:aws:s3:::home/${aws:username}/x"],
            context: [("aws:username", "string", ["alice"])]);

        Assert.Equal(["implicitDeny", "allowed"], response.Values("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task A_policy_variable_with_no_value_is_a_missing_context_value_and_a_statement_that_cannot_apply_asks_for_nothing()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var home = """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}""";
        var conditioned = """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::reports/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}""";
        var document = $$"""{"Version":"2012-10-17","Statement":[{{home}},{{conditioned}}]}""";

        var response = await Custom(iam, [document], ["s3:GetObject"], ["arn:aws:s3:::home/alice/x", "arn:aws:s3:::reports/q3.csv", "arn:aws:s3:::other/x"]);

        IEnumerable<string> Missing(System.Xml.Linq.XElement result) =>
            result.Elements(IamResponse.Ns + "MissingContextValues").SelectMany(list => list.Elements()).Select(key => key.Value);
        var results = response.All("EvaluationResults/member");
        Assert.Equal(["aws:username"], Missing(results[0]));
        Assert.Equal(["aws:username", "aws:SecureTransport"], Missing(results[1]));
        Assert.Equal(["aws:username"], Missing(results[2]));
    }

    [Fact]
    public async Task Multivalued_keys_follow_ForAnyValue_and_ForAllValues()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        string Document(string set) =>
            S3GetObjectWhen($"\"{set}:StringEquals\":{{\"aws:TagKeys\":[\"env\",\"team\"]}}");
        (string, string, IReadOnlyList<string>)[] mixed = [("aws:TagKeys", "stringList", ["env", "cost"])];
        (string, string, IReadOnlyList<string>)[] subset = [("aws:TagKeys", "stringList", ["env", "team"])];

        Assert.Equal("allowed", (await Custom(iam, [Document("ForAnyValue")], ["s3:GetObject"], context: mixed)).Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("implicitDeny", (await Custom(iam, [Document("ForAllValues")], ["s3:GetObject"], context: mixed)).Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("allowed", (await Custom(iam, [Document("ForAllValues")], ["s3:GetObject"], context: subset)).Value("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task The_aws_username_policy_variable_is_the_simulated_users_name()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "home"), ("PolicyDocument",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}"""));

        var response = await Simulate(iam, User("alice"), ["s3:PutObject"], ("ResourceArns.member.1", "arn:aws:s3:::home/alice/notes"), ("ResourceArns.member.2", "arn:aws:s3:::home/bob/notes"));

        Assert.Equal(["allowed", "implicitDeny"], response.Values("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task A_policy_variable_without_a_value_matches_nothing_unless_it_has_a_default()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var plain = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}""";
        var defaulted = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username, 'shared'}/*"}]}""";

        var withoutUser = await Custom(iam, [plain], ["s3:GetObject"], ["arn:aws:s3:::home/shared/x"]);
        var withDefault = await Custom(iam, [defaulted], ["s3:GetObject"], ["arn:aws:s3:::home/shared/x"]);

        Assert.Equal("implicitDeny", withoutUser.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("allowed", withDefault.Value("EvaluationResults/member/EvalDecision"));
    }

    [Fact]
    public async Task CallerArn_names_the_user_whose_name_the_policy_variables_see()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "bob"));
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}""";

        var response = await iam.OkAsync("SimulateCustomPolicy", ("PolicyInputList.member.1", document), ("ActionNames.member.1", "s3:GetObject"),
            ("ResourceArns.member.1", "arn:aws:s3:::home/bob/x"), ("CallerArn", User("bob")));
        var missing = await iam.CallAsync("SimulateCustomPolicy", ("PolicyInputList.member.1", document), ("ActionNames.member.1", "s3:GetObject"), ("CallerArn", User("nobody")));

        Assert.Equal("allowed", response.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("NoSuchEntity", missing.ErrorCode);
    }

    [Fact]
    public async Task Matched_statements_carry_the_line_and_column_where_the_statement_starts_and_ends()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"ec2:*\", \"Resource\": \"*\"},\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

        var response = await Custom(iam, [document], ["s3:GetObject"]);

        var statement = response.All("EvaluationResults/member/MatchedStatements/member").Single();
        Assert.Equal("PolicyInputList.1", Value(statement, "SourcePolicyId"));
        Assert.Equal("none", Value(statement, "SourcePolicyType"));
        Assert.Equal(("5", "5"), (Value(statement, "StartPosition", "Line"), Value(statement, "StartPosition", "Column")));
        Assert.Equal(("9", "6"), (Value(statement, "EndPosition", "Line"), Value(statement, "EndPosition", "Column")));
    }

    [Fact]
    public async Task Results_paginate_with_MaxItems_and_Marker_in_request_order()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        (string, string)[] request = [("PolicyInputList.member.1", Allow("s3:*")), ("ActionNames.member.1", "s3:A"), ("ActionNames.member.2", "s3:B"), ("ActionNames.member.3", "s3:C"), ("MaxItems", "2")];

        var first = await iam.OkAsync("SimulateCustomPolicy", request);
        var second = await iam.OkAsync("SimulateCustomPolicy", [.. request, ("Marker", first.Value("Marker")!)]);

        Assert.Equal(["s3:A", "s3:B"], first.Values("EvaluationResults/member/EvalActionName"));
        Assert.Equal("true", first.Value("IsTruncated"));
        Assert.Equal(["s3:C"], second.Values("EvaluationResults/member/EvalActionName"));
        Assert.Equal("false", second.Value("IsTruncated"));
        Assert.Null(second.Value("Marker"));
    }

    [Fact]
    public async Task A_group_or_role_source_is_simulated_with_its_own_policies()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Group(iam, "Readers", Aws + "AmazonS3ReadOnlyAccess", "alice");
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("PutRolePolicy", ("RoleName", "app"), ("PolicyName", "queue"), ("PolicyDocument", Allow("sqs:SendMessage")));

        var group = await Simulate(iam, $"arn:aws:iam::{Account}:group/Readers", "s3:GetObject", "sqs:SendMessage");
        var role = await Simulate(iam, $"arn:aws:iam::{Account}:role/app", "s3:GetObject", "sqs:SendMessage");

        Assert.Equal(["allowed", "implicitDeny"], group.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal(["implicitDeny", "allowed"], role.Values("EvaluationResults/member/EvalDecision"));
        Assert.Equal("role", role.Value("EvaluationResults/member/MatchedStatements/member/SourcePolicyType"));
    }

    [Fact]
    public async Task PolicyInputList_adds_to_the_principals_policies()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await Simulate(iam, User("alice"), ["sqs:SendMessage"], ("PolicyInputList.member.1", Allow("sqs:*")));

        Assert.Equal("allowed", response.Value("EvaluationResults/member/EvalDecision"));
        Assert.Equal("PolicyInputList.1", response.Value("EvaluationResults/member/MatchedStatements/member/SourcePolicyId"));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/nobody", "NoSuchEntity", 404)]
    [InlineData("arn:aws:iam::123456789012:role/nobody", "NoSuchEntity", 404)]
    [InlineData("arn:aws:iam::123456789012:user/other-path/alice", "NoSuchEntity", 404)]
    [InlineData("arn:aws:iam::999999999999:user/alice", "NoSuchEntity", 404)]
    [InlineData("arn:aws:iam::123456789012:policy/alice", "InvalidInput", 400)]
    [InlineData("not-an-arn-of-any-kind", "InvalidInput", 400)]
    public async Task A_PolicySourceArn_that_names_no_user_group_or_role_is_refused(string arn, string code, int status)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await iam.CallAsync("SimulatePrincipalPolicy", ("PolicySourceArn", arn), ("ActionNames.member.1", "s3:GetObject"));

        Assert.Equal((code, status), (response.ErrorCode, response.Status));
    }

    [Fact]
    public async Task A_condition_IAM_cannot_evaluate_answers_PolicyEvaluation_500()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var unknownOperator = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringSoundsLike":{"aws:username":"bob"}}}]}""";
        var badNumber = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}}]}""";

        var first = await iam.CallAsync("SimulateCustomPolicy", ("PolicyInputList.member.1", unknownOperator), ("ActionNames.member.1", "s3:GetObject"));
        var second = await iam.CallAsync("SimulateCustomPolicy", ("PolicyInputList.member.1", badNumber), ("ActionNames.member.1", "s3:GetObject"),
            ("ContextEntries.member.1.ContextKeyName", "s3:max-keys"), ("ContextEntries.member.1.ContextKeyType", "numeric"), ("ContextEntries.member.1.ContextKeyValues.member.1", "5"));

        Assert.Equal(("PolicyEvaluation", 500), (first.ErrorCode, first.Status));
        Assert.Contains("StringSoundsLike", first.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(("PolicyEvaluation", 500), (second.ErrorCode, second.Status));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_IAMs_error_for_each_parameter()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var policy = ("PolicyInputList.member.1", Allow("s3:*"));
        var action = ("ActionNames.member.1", "s3:GetObject");

        var noActions = await iam.CallAsync("SimulateCustomPolicy", policy);
        var noPolicies = await iam.CallAsync("SimulateCustomPolicy", action);
        var malformed = await iam.CallAsync("SimulateCustomPolicy", ("PolicyInputList.member.1", "{\"Statement\":[]}"), action);
        var badType = await iam.CallAsync("SimulateCustomPolicy", policy, action,
            ("ContextEntries.member.1.ContextKeyName", "aws:CurrentTime"), ("ContextEntries.member.1.ContextKeyType", "timestamp"), ("ContextEntries.member.1.ContextKeyValues.member.1", "x"));
        var badValue = await iam.CallAsync("SimulateCustomPolicy", policy, action,
            ("ContextEntries.member.1.ContextKeyName", "s3:max-keys"), ("ContextEntries.member.1.ContextKeyType", "numeric"), ("ContextEntries.member.1.ContextKeyValues.member.1", "ten"));
        var resourcePolicy = await iam.CallAsync("SimulateCustomPolicy", policy, action, ("ResourcePolicy", PolicyDocuments.Ec2Trust));

        Assert.Equal("ValidationError", noActions.ErrorCode);
        Assert.Equal("ValidationError", noPolicies.ErrorCode);
        Assert.Equal("InvalidInput", malformed.ErrorCode);
        Assert.Contains("PolicyInputList.1", malformed.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("ValidationError", badType.ErrorCode);
        Assert.Equal("InvalidInput", badValue.ErrorCode);
        Assert.Equal("InvalidInput", resourcePolicy.ErrorCode);
        Assert.Contains("ResourcePolicy", resourcePolicy.ErrorMessage, StringComparison.Ordinal);
    }

    private static string User(string name) => $"arn:aws:iam::{Account}:user/{name}";

    private static string Allow(string action) => $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";

    /// <summary>Allows s3:GetObject on every resource under one condition block, given as JSON without its braces.</summary>
    private static string S3GetObjectWhen(string conditionBlock) =>
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{""" + conditionBlock + "}}]}";

    private static string? Value(System.Xml.Linq.XElement element, params string[] path)
    {
        IEnumerable<System.Xml.Linq.XElement> current = [element];
        foreach (var step in path)
        {
            current = current.SelectMany(item => item.Elements(IamResponse.Ns + step));
        }

        return current.FirstOrDefault()?.Value;
    }

    private static async Task Group(EmulatorHarness iam, string name, string policyArn, string member)
    {
        await iam.OkAsync("CreateGroup", ("GroupName", name));
        await iam.OkAsync("AttachGroupPolicy", ("GroupName", name), ("PolicyArn", policyArn));
        await iam.OkAsync("CreateUser", ("UserName", member));
        await iam.OkAsync("AddUserToGroup", ("GroupName", name), ("UserName", member));
    }

    private static async Task Role(EmulatorHarness iam, string name, string policyArn)
    {
        await iam.OkAsync("CreateRole", ("RoleName", name), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("AttachRolePolicy", ("RoleName", name), ("PolicyArn", policyArn));
    }

    private static async Task<IReadOnlyList<string>> Decisions(EmulatorHarness iam, string sourceArn, params string[] actions) =>
        (await Simulate(iam, sourceArn, actions)).Values("EvaluationResults/member/EvalDecision");

    private static Task<IamResponse> Simulate(EmulatorHarness iam, string sourceArn, params string[] actions) => Simulate(iam, sourceArn, actions, []);

    private static Task<IamResponse> Simulate(EmulatorHarness iam, string sourceArn, string[] actions, params (string Name, string Value)[] extra) =>
        iam.OkAsync("SimulatePrincipalPolicy",
            [("PolicySourceArn", sourceArn), .. actions.Select((action, index) => ($"ActionNames.member.{index + 1}", action)), .. extra]);

    private static Task<IamResponse> Custom(
        EmulatorHarness iam,
        string[] policies,
        string[] actions,
        string[]? resources = null,
        string[]? boundaries = null,
        (string Key, string Type, IReadOnlyList<string> Values)[]? context = null)
    {
        var parameters = new List<(string Name, string Value)>();
        parameters.AddRange(policies.Select((policy, index) => ($"PolicyInputList.member.{index + 1}", policy)));
        parameters.AddRange((boundaries ?? []).Select((policy, index) => ($"PermissionsBoundaryPolicyInputList.member.{index + 1}", policy)));
        parameters.AddRange(actions.Select((action, index) => ($"ActionNames.member.{index + 1}", action)));
        parameters.AddRange((resources ?? []).Select((resource, index) => ($"ResourceArns.member.{index + 1}", resource)));
        foreach (var (entry, index) in (context ?? []).Select((entry, index) => (entry, index + 1)))
        {
            parameters.Add(($"ContextEntries.member.{index}.ContextKeyName", entry.Key));
            parameters.Add(($"ContextEntries.member.{index}.ContextKeyType", entry.Type));
            parameters.AddRange(entry.Values.Select((value, valueIndex) => ($"ContextEntries.member.{index}.ContextKeyValues.member.{valueIndex + 1}", value)));
        }

        return iam.OkAsync("SimulateCustomPolicy", [.. parameters]);
    }
}
