using System.Text.Json;
using IamOperator.Policies;

namespace IamOperator.Policies.Tests;

public sealed class PolicyDocumentParseTests
{
    private const string S3Read = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";

    [Fact]
    public void Parse_reads_every_element_into_the_model()
    {
        var document = PolicyDocument.Parse("""
            {
              "Version": "2012-10-17",
              "Id": "TeamPolicy",
              "Statement": [
                { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::b/*",
                  "Condition": { "Bool": { "aws:SecureTransport": true }, "NumericLessThan": { "s3:max-keys": [10, "20"] } } },
                { "Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::123456789012:role/x"] },
                { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com", "AWS": ["123456789012"] }, "Action": "sts:AssumeRole" },
                { "Effect": "Deny", "NotPrincipal": "*", "Action": "*", "Resource": "*" }
              ]
            }
            """);

        Assert.Equal("2012-10-17", document.Version);
        Assert.Equal("TeamPolicy", document.Id);
        Assert.Equal(4, document.Statements.Count);
        var read = document.Statements[0];
        Assert.Equal(("Read", PolicyEffect.Allow, false), (read.Sid, read.Effect, read.Action.IsNotAction));
        Assert.Equal(["s3:GetObject", "s3:ListBucket"], read.Action.Actions);
        Assert.Equal(new ConditionClause("Bool", "aws:SecureTransport", new ValueList<string>(["true"])), read.Conditions[0]);
        Assert.Equal(new ConditionClause("NumericLessThan", "s3:max-keys", new ValueList<string>(["10", "20"])), read.Conditions[1]);
        Assert.True(document.Statements[1].Action.IsNotAction);
        Assert.True(document.Statements[1].Resource!.IsNotResource);
        var trust = document.Statements[2].Principal!;
        Assert.Equal([new PrincipalEntry("Service", new(["ec2.amazonaws.com"])), new PrincipalEntry("AWS", new(["123456789012"]))], trust.Entries);
        Assert.Null(document.Statements[2].Resource);
        Assert.True(document.Statements[3].Principal is { IsNotPrincipal: true, IsWildcard: true });
        Assert.Equal("Statement[3]", document.Statements[3].Path);
    }

    [Fact]
    public void Statement_may_be_a_single_object()
    {
        var document = PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");

        Assert.Single(document.Statements);
        Assert.Equal(0, document.Statements[0].Index);
    }

    [Fact]
    public void Missing_Version_is_read_as_absent_and_defaults_to_2008_10_17()
    {
        var document = PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");

        Assert.Null(document.Version);
        Assert.Equal("2008-10-17", document.EffectiveVersion);
    }

    [Fact]
    public void Url_encoded_text_from_IAM_is_decoded()
    {
        var encoded = Uri.EscapeDataString(S3Read);
        Assert.StartsWith("%7B%22Version%22", encoded);

        Assert.Equal(PolicyDocument.Parse(S3Read), PolicyDocument.Parse(encoded));
    }

    [Fact]
    public void Url_encoded_plus_sign_stays_a_plus_as_RFC_3986_says()
    {
        var encoded = "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%22%7D%7D";

        Assert.Equal("arn:aws:s3:::a+b", PolicyDocument.Parse(encoded).Statements[0].Resource!.Resources[0]);
    }

    [Fact]
    public void Leading_whitespace_and_byte_order_mark_are_ignored() =>
        Assert.Equal(PolicyDocument.Parse(S3Read), PolicyDocument.Parse("\n \uFEFF" + S3Read));

    [Fact]
    public void FromJson_reads_a_structured_manifest_document()
    {
        using var json = JsonDocument.Parse(S3Read);

        Assert.Equal(PolicyDocument.Parse(S3Read), PolicyDocument.FromJson(json.RootElement));
    }

    [Fact]
    public void Empty_Sid_is_accepted_as_IAM_console_trust_policies_carry_one()
    {
        var document = PolicyDocument.Parse("""{"Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Sid":"","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");

        Assert.Equal(2, document.Statements.Count);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"allow","Action":"s3:*","Resource":"*"}]}""",
        "Statement[1].Effect", """must be "Allow" or "Deny", got "allow".""")]
    [InlineData("""{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""",
        "Version", """must be "2012-10-17" or "2008-10-17", got "2012-10-18".""")]
    [InlineData("""{"Version":20121017,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""",
        "Version", "must be a string, got the number 20121017.")]
    [InlineData("""{"Version":"2012-10-17"}""", "", "A policy document must have a Statement element.")]
    [InlineData("""{"Statement":[]}""", "Statement", "must contain at least one statement.")]
    [InlineData("""{"Statement":"Allow"}""", "Statement", "must be a statement object or an array of statement objects")]
    [InlineData("""{"Statement":["x"]}""", "Statement[0]", "must be a JSON object, got the string \"x\".")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"},"Extra":1}""", "Extra", "is not allowed here; allowed: Version, Id, Statement.")]
    [InlineData("""{"statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "statement", "did you mean \"Statement\"?")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Principals":"*"}}""", "Statement[0].Principals", "is not allowed here")]
    [InlineData("""{"Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}""", "Statement[0].Effect", "appears more than once")]
    [InlineData("""{"Statement":{"Action":"s3:*","Resource":"*"}}""", "Statement[0]", "must have an Effect")]
    [InlineData("""{"Statement":{"Effect":"Allow","Resource":"*"}}""", "Statement[0]", "must have an Action or a NotAction element.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}""", "Statement[0]", "has both Action and NotAction")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}""", "Statement[0]", "has both Resource and NotResource")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"s3:*"}}""", "Statement[0]", "has both Principal and NotPrincipal")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3GetObject","Resource":"*"}}""", "Statement[0].Action", "must be \"*\" or \"<service-prefix>:<action>\"")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":["s3:GetObject",""],"Resource":"*"}}""", "Statement[0].Action[1]", "got \"\"")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}""", "Statement[0].Action", "must have at least one value.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":["s3:GetObject",7],"Resource":"*"}}""", "Statement[0].Action[1]", "must be a string, got the number 7.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":{"a":1},"Resource":"*"}}""", "Statement[0].Action", "must be a string or an array of strings, got an object.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"my-bucket"}}""", "Statement[0].Resource", "must be \"*\" or an ARN starting with \"arn:\", got \"my-bucket\".")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"me","Action":"sts:AssumeRole"}}""", "Statement[0].Principal", "must be \"*\" or a map from AWS, Service, Federated, CanonicalUser to identifiers, got \"me\".")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"Aws":"*"},"Action":"sts:AssumeRole"}}""", "Statement[0].Principal.Aws", "did you mean \"AWS\"?")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":["*"],"Action":"sts:AssumeRole"}}""", "Statement[0].Principal", "got an array.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"":"a"}}}}""", "Statement[0].Condition.StringEquals.", "condition key must not be empty.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":["a",{"b":1}]}}}}""", "Statement[0].Condition.StringEquals.s3:prefix[1]", "must be a string, number or Boolean, got an object.")]
    [InlineData("""{"Statement":{"Sid":7,"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "Statement[0].Sid", "must be a string, got the number 7.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"}}""", "Statement[0].Principal", "must name at least one principal")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"Service":[]},"Action":"sts:AssumeRole"}}""", "Statement[0].Principal.Service", "must have at least one value.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:role/ci-*"]},"Action":"sts:AssumeRole"}}""", "Statement[0].Principal.AWS[1]", "cannot use a wildcard in part of a principal")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"Service":""},"Action":"sts:AssumeRole"}}""", "Statement[0].Principal.Service", "must not be empty.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"stringEquals":{"aws:username":"a"}}}}""", "Statement[0].Condition.stringEquals", "did you mean \"StringEquals\"?")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringMatches":{"aws:username":"a"}}}}""", "Statement[0].Condition.StringMatches", "is not an IAM condition operator")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}}""", "Statement[0].Condition.NullIfExists", "is not an IAM condition operator")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":"a"}}}""", "Statement[0].Condition.StringEquals", "must be a map from condition key to value(s)")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{}}}}""", "Statement[0].Condition.StringEquals", "must test at least one condition key.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":[]}}}}""", "Statement[0].Condition.StringEquals.aws:username", "must have at least one value.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":null}}}}""", "Statement[0].Condition.StringEquals.aws:username", "must be a string, number or Boolean, got null.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"a","AWS:UserName":"b"}}}}""", "Statement[0].Condition.StringEquals.AWS:UserName", "condition key names are case-insensitive")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":["x"]}}""", "Statement[0].Condition", "must be a map from condition operator")]
    [InlineData("""{"Statement":{"Sid":"read-only","Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "Statement[0].Sid", "must contain only the letters A-Z, a-z and digits 0-9")]
    [InlineData("""{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}""", "Statement[1].Sid", "\"A\" is already used by Statement[0]; Sids must be unique within a policy.")]
    [InlineData("""{"Id":5,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "Id", "must be a string, got the number 5.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::caf\u00e9\u2019s"}}""", "Statement[0].Resource", "contains the character U+2019")]
    [InlineData("""["Statement"]""", "", "A policy document must be a JSON object, got an array.")]
    public void Grammar_errors_name_the_json_path_and_what_is_allowed(string json, string path, string problem)
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse(json));

        Assert.Contains(error.Errors, e => e.Path == path && e.Problem.Contains(problem, StringComparison.Ordinal));
        Assert.Contains(path.Length == 0 ? problem : $"{path} ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("i*:*", "the service prefix \"i*\" cannot contain a wildcard")]
    [InlineData("*:*", "the service prefix \"*\" cannot contain a wildcard")]
    [InlineData("?*:*", "the service prefix \"?*\" cannot contain a wildcard")]
    [InlineData("i?m:PassRole", "the service prefix \"i?m\" cannot contain a wildcard")]
    [InlineData("*:Get*", "the service prefix \"*\" cannot contain a wildcard")]
    [InlineData("iam:Get:User", "more than one ':'")]
    [InlineData("s3:", "an action name has at least one character")]
    [InlineData("s3:Get Object", "only letters, digits, '_', '-' and the wildcards")]
    [InlineData("s.3:GetObject", "a service prefix has only letters, digits and '-'")]
    [InlineData("?*", "prefaced by a vendor")]
    public void Action_service_prefixes_are_literal_as_IAM_requires(string action, string problem)
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse(
            $$$"""{"Statement":{"Effect":"Allow","Action":["s3:GetObject","{{{action}}}"],"Resource":"*"}}"""));

        var only = Assert.Single(error.Errors);
        Assert.Equal("Statement[0].Action[1]", only.Path);
        Assert.Contains($"got \"{action}\"", only.Problem, StringComparison.Ordinal);
        Assert.Contains(problem, only.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iam:*")]
    [InlineData("IAM:Put*Policy")]
    [InlineData("ec2:Describe?nstances")]
    [InlineData("execute-api:Invoke")]
    [InlineData("s3:*Object_*")]
    public void Wildcards_in_the_action_name_after_a_literal_service_prefix_are_accepted(string action) =>
        Assert.Single(PolicyDocument.Parse($$$"""{"Statement":{"Effect":"Allow","Action":"{{{action}}}","Resource":"*"}}""").Statements);

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse(
            """{"Version":"1","Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"x","Resource":"*"}]}"""));

        Assert.Equal(["Version", "Statement[0].Effect", "Statement[1].Action"], error.Errors.Select(e => e.Path));
        Assert.Equal("""Statement[0].Effect must be "Allow" or "Deny", got "allow".""", error.Errors[1].ToString());
    }

    [Fact]
    public void Invalid_json_reports_line_and_position()
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse("{\n  \"Statement\": [\n}"));

        Assert.StartsWith("The policy document is not valid JSON (line 3", error.Message);
    }

    [Fact]
    public void Text_that_is_neither_json_nor_url_encoded_json_is_rejected()
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse("Version=2012-10-17"));

        Assert.Contains("not valid JSON", error.Message);
    }
}
