using IamOperator.Policies;

namespace IamOperator.Policies.Tests;

/// <summary>Each equivalence docs/policies.md lists, and the differences that must stay differences.</summary>
public sealed class CanonicalFormTests
{
    private static void AssertSameMeaning(string a, string b)
    {
        var (left, right) = (PolicyDocument.Parse(a), PolicyDocument.Parse(b));
        Assert.Equal(left.ToCanonicalJson(), right.ToCanonicalJson());
        Assert.True(left.SemanticallyEquals(right));
        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    private static void AssertDifferentMeaning(string a, string b, string because = "")
    {
        var (left, right) = (PolicyDocument.Parse(a), PolicyDocument.Parse(b));
        Assert.NotEqual(left.ToCanonicalJson(), right.ToCanonicalJson());
        Assert.False(left.SemanticallyEquals(right), because);
        Assert.NotEqual(left, right);
    }

    [Fact]
    public void Canonical_json_is_compact_with_fixed_element_order()
    {
        var document = PolicyDocument.Parse("""
            {
              "Statement": [ {
                "Condition": { "StringEquals": { "aws:PrincipalTag/Team": ["b", "a"] } },
                "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::a"],
                "Action": ["S3:GetObject"],
                "Effect": "Allow",
                "Sid": "Read"
              } ],
              "Version": "2012-10-17"
            }
            """);

        Assert.Equal(
            """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:getobject","Resource":["arn:aws:s3:::a","arn:aws:s3:::b"],"Condition":{"StringEquals":{"aws:principaltag/team":["a","b"]}}}]}""",
            document.ToCanonicalJson());
    }

    [Fact]
    public void Key_order_and_whitespace_do_not_matter() => AssertSameMeaning(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
        """
        {  "Statement" : [ { "Resource":"*",
              "Action" :"s3:GetObject", "Effect":"Allow" } ],
           "Version":"2012-10-17" }
        """);

    [Fact]
    public void Statement_order_does_not_matter() => AssertSameMeaning(
        """{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}""",
        """{"Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");

    [Fact]
    public void A_repeated_statement_adds_nothing() => AssertSameMeaning(
        """{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
        """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""");

    [Fact]
    public void A_string_equals_a_one_element_array_everywhere() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}}""",
        """{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]}}}]}""");

    [Fact]
    public void Value_order_and_repeated_values_do_not_matter() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"],"Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}}}""",
        """{"Statement":{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::a","arn:aws:s3:::b","arn:aws:s3:::a"],"Condition":{"IpAddress":{"aws:SourceIp":["192.168.0.0/16","10.0.0.0/8","10.0.0.0/8"]}}}}""");

    [Fact]
    public void Missing_Version_equals_explicit_2008_10_17() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""",
        """{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""");

    [Fact]
    public void Version_2012_10_17_differs_from_a_missing_Version_because_policy_variables_change_meaning() => AssertDifferentMeaning(
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}""",
        """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}""");

    [Fact]
    public void Principal_star_equals_AWS_star() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}""",
        """{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}""");

    [Fact]
    public void Account_id_equals_the_account_root_arn() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}""",
        """{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}""");

    [Fact]
    public void A_role_arn_is_not_its_account() => AssertDifferentMeaning(
        """{"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}""",
        """{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/admin"},"Action":"sts:AssumeRole"}}""");

    [Fact]
    public void Principal_type_order_does_not_matter() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"123456789012"},"Action":"sts:AssumeRole"}}""",
        """{"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012","Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}""");

    [Fact]
    public void Condition_operator_and_key_order_and_key_case_do_not_matter() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true","aws:MultiFactorAuthPresent":"true"},"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}}""",
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"AWS:RequestedRegion":"eu-west-1"},"Bool":{"aws:multifactorauthpresent":"true","aws:securetransport":"true"}}}}""");

    [Fact]
    public void Identity_provider_condition_keys_keep_their_case_as_sent()
    {
        var document = PolicyDocument.Parse("""
            {"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123"},
             "Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub":"system:serviceaccount:team-a:app","AWS:SourceAccount":"123456789012"}}}}
            """);

        Assert.Contains("\"StringEquals\":{\"aws:sourceaccount\":\"123456789012\",\"oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub\":", document.ToCanonicalJson());
    }

    [Fact]
    public void Booleans_and_numbers_equal_their_quoted_form() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThanEquals":{"s3:max-keys":10}}}}""",
        """{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"},"NumericLessThanEquals":{"s3:max-keys":"10"}}}}""");

    [Fact]
    public void Action_names_and_service_prefixes_are_case_insensitive() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Action":"iam:ListAccessKeys","Resource":"*"}}""",
        """{"Statement":{"Effect":"Allow","Action":"IAM:listaccesskeys","Resource":"*"}}""");

    [Fact]
    public void Url_encoded_document_equals_its_json() => AssertSameMeaning(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D");

    [Fact]
    public void An_empty_Condition_block_equals_none() => AssertSameMeaning(
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}}""",
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");

    [Theory]
    [InlineData("Effect", """{"Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}""")]
    [InlineData("Action to NotAction", """{"Statement":{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"*"}}""")]
    [InlineData("Resource to NotResource", """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","NotResource":"*"}}""")]
    [InlineData("another action", """{"Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}}""")]
    [InlineData("resource case (ARNs are case-sensitive)", """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::Bucket"}}""")]
    [InlineData("a condition", """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}""")]
    [InlineData("Sid", """{"Statement":{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""")]
    [InlineData("Id", """{"Id":"x","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""")]
    public void A_real_change_gives_a_different_canonical_form(string change, string changed)
        => AssertDifferentMeaning("""{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""", changed, change);

    [Fact]
    public void Condition_value_case_is_kept_because_StringEquals_is_case_sensitive() => AssertDifferentMeaning(
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"johndoe"}}}}""",
        """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"JohnDoe"}}}}""");

    [Fact]
    public void IamSize_counts_characters_without_whitespace()
    {
        var document = PolicyDocument.Parse("""{ "Statement" : { "Effect" : "Allow", "Action" : "s3:*", "Resource" : "arn:aws:s3:::my bucket" } }""");
        var canonical = document.ToCanonicalJson();

        Assert.Equal(canonical.Length - 1, document.IamSize); // the one space inside "my bucket"
    }

    [Fact]
    public void Canonical_json_escapes_only_what_json_requires()
    {
        var document = PolicyDocument.Parse("""{"Id":"caf\u00e9 \"q\" \\ <&>+","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""");

        Assert.Contains("\"Id\":\"café \\\"q\\\" \\\\ <&>+\"", document.ToCanonicalJson());
        Assert.Equal(document, PolicyDocument.Parse(document.ToCanonicalJson()));
    }
}
