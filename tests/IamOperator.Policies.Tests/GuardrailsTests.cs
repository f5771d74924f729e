using CsCheck;
using IamOperator.Policies;

namespace IamOperator.Policies.Tests;

public sealed class GuardrailsTests
{
    private const string Inline = "spec.permissions.inlinePolicies[0].document";
    private const string Trust = "spec.trust.document";
    private const string AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

    private static GuardrailSubject Subject(
        IamEntityKind kind = IamEntityKind.Group,
        string? inline = null,
        string? trust = null,
        string[]? managed = null,
        string? boundary = null,
        string ns = "team-a",
        string name = "Developers") =>
        new(ns, kind, name,
            (managed ?? []).Select((arn, i) => ($"spec.permissions.managedPolicies[{i}]", arn)).ToList(),
            inline is null ? [] : [(Inline, PolicyDocument.Parse(inline))],
            trust is null ? null : (Trust, PolicyDocument.Parse(trust)),
            boundary);

    private static string Allow(string action, string resource) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{{action}},"Resource":{{resource}}}]}""";

    private static string TrustOf(string principal, string action = "\"sts:AssumeRole\"") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":{{action}}}]}""";

    private static IReadOnlyList<GuardrailFinding> Check(GuardrailSubject subject, GuardrailSettings? settings = null) =>
        Guardrails.Check(subject, settings ?? GuardrailSettings.Default);

    [Theory]
    [InlineData("\"*\"")]
    [InlineData("[\"s3:GetObject\",\"*\"]")]
    public void Allow_of_every_action_on_every_resource_is_a_violation(string action)
    {
        var finding = Assert.Single(Check(Subject(inline: Allow(action, "\"*\""))));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowStarOnStar, $"{Inline}.Statement[0].Action"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.StartsWith($"Group \"Developers\" (namespace \"team-a\"): {Inline}.Statement[0].Action allows every action", finding.Message);
    }

    [Fact]
    public void Allow_of_every_action_on_every_resource_but_a_few_is_a_violation()
    {
        var finding = Assert.Single(Check(Subject(inline: """{"Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::audit-logs/*"}}""")));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowStarOnStar), (finding.Severity, finding.Rule));
        Assert.Contains("every resource except \"arn:aws:s3:::audit-logs/*\"", finding.Message);
    }

    [Theory]
    [InlineData("\"*\"", "\"arn:*:*:*:*:*\"")]
    [InlineData("\"*\"", "\"arn:aws:*\"")]
    [InlineData("\"*\"", "\"arn:*\"")]
    [InlineData("\"*\"", "\"arn:aws:*:*:*:*\"")]
    [InlineData("\"*\"", "[\"arn:aws:*:*::*\",\"arn:aws:*:*:aws:*\",\"arn:aws:*:*:?*:*\"]")]
    public void Every_action_on_every_resource_in_any_spelling_is_a_violation(string action, string resource)
    {
        var finding = Assert.Single(Check(Subject(inline: Allow(action, resource))));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowStarOnStar, $"{Inline}.Statement[0].Action"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("allows every action (", finding.Message);
        Assert.Contains("on every resource (", finding.Message);
    }

    [Fact]
    public void NotAction_on_a_resource_pattern_that_matches_every_ARN_is_a_violation()
    {
        var finding = Assert.Single(Check(Subject(inline: """{"Statement":{"Effect":"Allow","NotAction":"iam:DeleteUser","Resource":"arn:*"}}""")));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowNotActionOnStar, $"{Inline}.Statement[0].NotAction"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("allows every action except \"iam:DeleteUser\" on every resource (\"arn:*\")", finding.Message);
    }

    [Theory]
    [InlineData("\"s3:*\"", "\"arn:*\"")]
    [InlineData("\"*\"", "\"arn:*:*::*:*\"")]
    [InlineData("\"*\"", "\"arn:aws:*:*:123456789012:*\"")]
    [InlineData("\"*\"", "\"arn:aws:s3:::*\"")]
    public void Patterns_that_leave_actions_or_ARNs_out_are_not_star_on_star(string action, string resource) =>
        Assert.DoesNotContain(Check(Subject(inline: Allow(action, resource))), f => f.Rule is GuardrailRules.NoAllowStarOnStar or GuardrailRules.NoAllowNotActionOnStar);

    [Theory]
    [InlineData("""{"Effect":"Allow","NotAction":"*","Resource":"*"}""")]
    [InlineData("""{"Effect":"Allow","Action":"*","NotResource":"*"}""")]
    [InlineData("""{"Effect":"Allow","Action":"*","NotResource":"arn:*"}""")]
    public void Not_lists_that_exclude_everything_grant_nothing(string statement) =>
        Assert.Empty(Check(Subject(inline: $$"""{"Statement":{{statement}}}""")));

    [Fact]
    public void Every_resource_split_over_inline_policies_that_each_allow_every_action_is_a_violation()
    {
        var global = PolicyDocument.Parse(Allow("\"*\"", "\"arn:aws:*::*:*\""));
        var regional = PolicyDocument.Parse(Allow("\"*\"", "\"arn:aws:*:?*:*:*\""));
        var subject = new GuardrailSubject("team-a", IamEntityKind.Role, "app", [],
            [("spec.permissions.inlinePolicies[0].document", global), ("spec.permissions.inlinePolicies[1].document", regional)], null, null);

        var finding = Assert.Single(Check(subject), f => f.Severity == GuardrailSeverity.Violation);

        Assert.Equal((GuardrailRules.NoAllowStarOnStar, "spec.permissions.inlinePolicies[1].document.Statement[0].Action"), (finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Patterns_too_intricate_to_judge_are_a_violation()
    {
        // Together these match every ARN of the partition, but deciding it means remembering the resource's last 21 characters.
        var byCharacter = "abcdefghijklmnopqrstuvwxyz0123456789/-_.".Select(c => $"\"arn:aws:*:*:*:*{c}{new string('?', 20)}\"");
        var shorter = Enumerable.Range(1, 20).Select(n => $"\"arn:aws:*:*:*:{new string('?', n)}\"");
        var hostile = string.Join(",", byCharacter.Concat(shorter).Append("\"arn:aws:*:*:*:*:*\""));

        var finding = Assert.Single(Check(Subject(inline: Allow("\"*\"", $"[{hostile}]"))));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.PatternsTooComplex, $"{Inline}.Statement[0].Resource"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void A_statement_is_full_access_exactly_when_it_allows_every_sampled_action_on_every_sampled_ARN() =>
        Gen.Select(Gen.Bool, PatternGen.ParseableActionLists, Gen.Bool, PatternGen.ParseableArnLists).Sample((notAction, actions, notResource, resources) =>
        {
            var statement = new System.Text.Json.Nodes.JsonObject
            {
                ["Effect"] = "Allow",
                [notAction ? "NotAction" : "Action"] = new System.Text.Json.Nodes.JsonArray([.. actions.Select(a => System.Text.Json.Nodes.JsonValue.Create(a))]),
                [notResource ? "NotResource" : "Resource"] = new System.Text.Json.Nodes.JsonArray([.. resources.Select(r => System.Text.Json.Nodes.JsonValue.Create(r))]),
            };
            var document = $$"""{"Version":"2012-10-17","Statement":[{{statement.ToJsonString()}}]}""";
            var saysFullAccess = Check(Subject(inline: document)).Any(f => f.Rule is GuardrailRules.NoAllowStarOnStar or GuardrailRules.NoAllowNotActionOnStar);

            var everyAction = notAction
                ? AwsSample.Actions.Any(a => !actions.Any(p => Reference.ActionMatches(p, a)))
                : Reference.MatchesEveryAction(actions);
            var everyResource = notResource
                ? AwsSample.Arns.Any(arn => !resources.Any(p => Reference.ArnMatches(p, arn)))
                : Reference.MatchesEveryArnOfAPartition(resources);
            return saysFullAccess == (everyAction && everyResource);
        });

    [Fact]
    public void Allow_of_every_action_on_one_resource_is_not_star_on_star() =>
        Assert.Empty(Check(Subject(inline: Allow("\"*\"", "\"arn:aws:s3:::bucket/*\""))));

    [Fact]
    public void Deny_of_every_action_on_every_resource_is_fine() =>
        Assert.Empty(Check(Subject(inline: """{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}""")));

    [Fact]
    public void Allow_with_NotAction_on_every_resource_is_a_violation()
    {
        var finding = Assert.Single(Check(Subject(inline: """{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}""")));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowNotActionOnStar, $"{Inline}.Statement[1].NotAction"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Allow_with_NotAction_on_named_resources_is_fine() =>
        Assert.Empty(Check(Subject(inline: """{"Statement":{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::bucket"}}""")));

    [Theory]
    [InlineData("\"iam:PassRole\"")]
    [InlineData("\"IAM:passrole\"")]
    [InlineData("[\"s3:GetObject\",\"iam:Pass*\"]")]
    public void PassRole_on_every_resource_is_a_warning(string action)
    {
        var finding = Assert.Single(Check(Subject(inline: Allow(action, "\"*\""))));

        Assert.Equal((GuardrailSeverity.Warning, GuardrailRules.PassRoleOnStar, $"{Inline}.Statement[0].Action"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    // Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation": each action alone, on every
    // IAM resource of its type, lets the holder grant itself every permission.
    [Theory]
    [InlineData("\"iam:*\"", "\"*\"", "iam:CreatePolicyVersion on every IAM policy")]
    [InlineData("\"iam:*\"", "\"arn:aws:iam::*:*\"", "iam:CreatePolicyVersion on every IAM policy, iam:SetDefaultPolicyVersion on every IAM policy, iam:AttachUserPolicy on every IAM user and 10 more such actions")]
    [InlineData("\"*\"", "\"arn:aws:iam::*:*\"", "iam:CreatePolicyVersion on every IAM policy")]
    [InlineData("\"*\"", "\"arn:aws:*:*:123456789012:*\"", "iam:AttachUserPolicy on every IAM user")]
    [InlineData("\"*\"", "\"arn:*:*::*:*\"", "iam:CreatePolicyVersion on every IAM policy")]
    [InlineData("\"iam:CreatePolicyVersion\"", "\"arn:aws:iam::123456789012:policy/*\"", "iam:CreatePolicyVersion on every IAM policy")]
    [InlineData("\"iam:SetDefaultPolicyVersion\"", "\"*\"", "iam:SetDefaultPolicyVersion on every IAM policy")]
    [InlineData("\"iam:Put*\"", "\"*\"", "iam:PutRolePolicy on every IAM role")]
    [InlineData("\"IAM:attach*policy\"", "\"arn:*\"", "iam:AttachUserPolicy on every IAM user")]
    [InlineData("\"iam:*Policy*\"", "\"*\"", "iam:AttachUserPolicy on every IAM user")]
    [InlineData("\"iam:AddUserToGroup\"", "\"arn:aws:iam::*:group/*\"", "iam:AddUserToGroup on every IAM group")]
    [InlineData("\"iam:CreateAccessKey\"", "\"arn:aws:iam::123456789012:user/*\"", "iam:CreateAccessKey on every IAM user")]
    [InlineData("\"iam:*LoginProfile\"", "\"arn:aws:iam::*:user/?*\"", "iam:UpdateLoginProfile on every IAM user")]
    [InlineData("\"iam:UpdateAssumeRolePolicy\"", "\"arn:aws:iam::*:role/*\"", "iam:UpdateAssumeRolePolicy on every IAM role")]
    [InlineData("[\"iam:PutRolePolicy\"]", "[\"arn:aws:iam::123456789012:role/a*\",\"arn:aws:iam::123456789012:role/?*\"]", "iam:PutRolePolicy on every IAM role")]
    public void An_action_that_can_grant_every_permission_on_every_IAM_resource_is_a_violation(string action, string resource, string names)
    {
        var finding = Assert.Single(Check(Subject(inline: Allow(action, resource))), f => f.Severity == GuardrailSeverity.Violation);

        Assert.Equal((GuardrailRules.NoAllowPrivilegeEscalation, $"{Inline}.Statement[0].Action"), (finding.Rule, finding.FieldPath));
        Assert.Contains(names, finding.Message);
        Assert.Contains("the holder can grant itself every permission (privilege escalation)", finding.Message);
    }

    [Fact]
    public void NotAction_that_leaves_an_escalation_action_in_on_every_IAM_resource_is_a_violation()
    {
        var finding = Assert.Single(Check(Subject(inline: """{"Statement":{"Effect":"Allow","NotAction":["iam:Delete*","s3:*"],"Resource":"arn:aws:iam::*:*"}}""")));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowPrivilegeEscalation, $"{Inline}.Statement[0].NotAction"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Escalation_actions_split_over_statements_that_together_reach_every_role_are_a_violation()
    {
        var split = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::*:role/a*"},{"Effect":"Allow","Action":"iam:Put*","Resource":"arn:aws:iam::*:role/*"}]}""";

        Assert.Contains(Check(Subject(inline: split)), f => f.Rule == GuardrailRules.NoAllowPrivilegeEscalation && f.Message.Contains("iam:PutRolePolicy on every IAM role"));
    }

    [Theory]
    [InlineData("\"iam:*\"", "\"arn:aws:iam::123456789012:role/app-*\"")]
    [InlineData("\"iam:PutUserPolicy\"", "\"arn:aws:iam::*:role/*\"")]
    [InlineData("\"iam:CreateAccessKey\"", "\"arn:aws:iam::*:user/${aws:username}\"")]
    [InlineData("[\"iam:Get*\",\"iam:List*\"]", "\"*\"")]
    [InlineData("\"iam:CreatePolicyVersion\"", "\"arn:aws:iam::123456789012:policy/team-a/*\"")]
    [InlineData("\"iam:PutRolePolicy\"", "[\"arn:aws:iam::123456789012:role/a*\",\"arn:aws:iam::123456789012:role/b*\"]")]
    public void Escalation_actions_limited_to_some_IAM_resources_are_not_flagged(string action, string resource) =>
        Assert.DoesNotContain(Check(Subject(inline: Allow(action, resource))), f => f.Rule == GuardrailRules.NoAllowPrivilegeEscalation);

    [Theory]
    [InlineData("ec2:RunInstances")]
    [InlineData("lambda:Create*")]
    public void PassRole_on_every_role_with_an_action_that_starts_compute_is_a_violation_not_a_warning(string compute)
    {
        var document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"{{compute}}","Resource":"arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1"}]}""";

        var finding = Assert.Single(Check(Subject(inline: document)));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NoAllowPrivilegeEscalation, $"{Inline}.Statement[0].Action"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("iam:PassRole (with ", finding.Message);
    }

    [Fact]
    public void IAM_resource_patterns_naming_more_accounts_than_can_be_judged_are_a_violation()
    {
        // Each account written out is a search of its own; the witnesses match, so each would be searched.
        var accounts = Enumerable.Range(0, PatternCoverage.MaxIamAccounts + 1).Select(i => $"{100000000000 + i}");
        var resources = string.Join(",", accounts.SelectMany(a => new[] { "x", "Admin.User-1", "division_a/team+b=c,d@e/Name" }.Select(n => $"\"arn:aws:iam::{a}:user/{n}\"")));

        var finding = Assert.Single(Check(Subject(inline: Allow("\"iam:PutUserPolicy\"", $"[{resources}]"))));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.PatternsTooComplex, $"{Inline}.Statement[0].Resource"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Privilege_escalation_is_a_built_in_rule_that_Enabled_false_turns_off() =>
        Assert.Empty(Check(Subject(inline: Allow("\"iam:*\"", "\"*\"")), new GuardrailSettings { Enabled = false }));

    [Fact]
    public void PassRole_on_named_roles_is_fine() =>
        Assert.Empty(Check(Subject(inline: Allow("\"iam:PassRole\"", "\"arn:aws:iam::123456789012:role/app-*\""))));

    [Theory]
    [InlineData("\"*\"")]
    [InlineData("{\"AWS\":\"*\"}")]
    [InlineData("{\"AWS\":[\"123456789012\",\"*\"]}")]
    [InlineData("{\"Federated\":\"*\"}")]
    [InlineData("{\"Service\":\"*\"}")]
    public void Trust_of_every_principal_without_a_condition_is_a_violation(string principal)
    {
        var finding = Assert.Single(Check(Subject(IamEntityKind.Role, trust: TrustOf(principal))));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.TrustWildcardPrincipal, $"{Trust}.Statement[0].Principal"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("anyone, in any account, can assume this role", finding.Message);
    }

    [Theory]
    [InlineData("{\"AWS\":\"*\"}")]
    [InlineData("{\"Federated\":\"*\"}")]
    public void Trust_of_every_principal_limited_by_a_condition_is_a_warning(string principal)
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":""" + principal
            + ""","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}""";

        var finding = Assert.Single(Check(Subject(IamEntityKind.Role, trust: trust)));

        Assert.Equal((GuardrailSeverity.Warning, GuardrailRules.TrustWildcardPrincipal), (finding.Severity, finding.Rule));
    }

    private static string OpenTrustWith(string condition, string principal = "{\"AWS\":\"*\"}") =>
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":""" + principal + ""","Action":"sts:AssumeRole","Condition":""" + condition + "}]}";

    // IAM User Guide, "Condition operators": a key missing from the request makes a condition false, except for
    // the negated operators, ...IfExists and Null; ForAllValues: is true without the key ("Set operators").
    [Theory]
    [InlineData("""{"StringLike":{"aws:PrincipalArn":"*"}}""")]
    [InlineData("""{"StringLike":{"aws:PrincipalOrgID":"o-*"}}""")]
    [InlineData("""{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci"}}""")]
    [InlineData("""{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::12345678901?:role/ci"}}""")]
    [InlineData("""{"StringEquals":{"aws:PrincipalAccount":["123456789012","*"]}}""")]
    [InlineData("""{"StringLike":{"sts:ExternalId":"*"}}""")]
    [InlineData("""{"StringLike":{"sts:ExternalId":"partner-??"}}""")]
    [InlineData("""{"Null":{"aws:PrincipalArn":"false"}}""")]
    [InlineData("""{"Null":{"sts:ExternalId":"true"}}""")]
    [InlineData("""{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}""")]
    [InlineData("""{"StringLikeIfExists":{"aws:PrincipalArn":"*"}}""")]
    [InlineData("""{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}""")]
    [InlineData("""{"StringNotEquals":{"aws:PrincipalAccount":"444455556666"}}""")]
    [InlineData("""{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::444455556666:*"}}""")]
    [InlineData("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""")]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"},"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}""")]
    [InlineData("""{"StringEquals":{"aws:PrincipalTag/team":"platform"}}""")]
    [InlineData("""{"StringEquals":{"aws:username":"alice"}}""")]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""")]
    public void Trust_of_every_principal_with_a_condition_that_does_not_say_who_is_a_violation(string condition)
    {
        var finding = Assert.Single(Check(Subject(IamEntityKind.Role, trust: OpenTrustWith(condition))));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.TrustWildcardPrincipal, $"{Trust}.Statement[0].Condition"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("with a Condition that does not say who", finding.Message);
    }

    [Theory]
    [InlineData("""{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}""")]
    [InlineData("""{"StringEquals":{"aws:SourceAccount":"123456789012"}}""")]
    [InlineData("""{"StringEquals":{"AWS:PrincipalAccount":["123456789012","444455556666"]}}""")]
    [InlineData("""{"StringEquals":{"sts:ExternalId":"a1b2-partner-7f"}}""")]
    [InlineData("""{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ci-runner"}}""")]
    [InlineData("""{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ci-*"}}""")]
    [InlineData("""{"StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}""")]
    [InlineData("""{"ForAnyValue:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}""")]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}""")]
    public void Trust_of_every_principal_limited_by_a_condition_that_names_who_is_a_warning(string condition)
    {
        var finding = Assert.Single(Check(Subject(IamEntityKind.Role, trust: OpenTrustWith(condition))));

        Assert.Equal((GuardrailSeverity.Warning, GuardrailRules.TrustWildcardPrincipal, $"{Trust}.Statement[0].Principal"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("limited only by its Condition", finding.Message);
    }

    private static readonly (string Operator, string Key, string Value)[] SaysNothing =
    [
        ("StringLike", "aws:PrincipalArn", "*"), ("Null", "sts:ExternalId", "false"), ("StringEqualsIfExists", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
        ("StringNotEquals", "aws:PrincipalAccount", "444455556666"), ("Bool", "aws:SecureTransport", "true"), ("StringEquals", "aws:PrincipalTag/team", "a"),
        ("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"), ("ArnLike", "aws:SourceArn", "arn:aws:s3:::*"),
    ];

    private static readonly (string Operator, string Key, string Value)[] SaysWho =
    [
        ("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"), ("StringEquals", "aws:SourceAccount", "123456789012"),
        ("StringEquals", "sts:ExternalId", "x7-partner"), ("ArnLike", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/ci-*"),
    ];

    [Fact]
    public void An_open_trust_is_a_warning_exactly_when_one_clause_of_its_condition_says_who() =>
        Gen.Select(Gen.Int[0, SaysNothing.Length - 1].Array[0, 4], Gen.Int[0, SaysWho.Length - 1].Array[0, 2]).Sample((nothing, who) =>
        {
            var clauses = nothing.Select(i => SaysNothing[i]).Concat(who.Select(i => SaysWho[i])).ToList();
            if (clauses.Count == 0) return true;
            // One value per operator and key (a JSON object cannot repeat a key).
            var condition = new System.Text.Json.Nodes.JsonObject();
            foreach (var (op, key, value) in clauses.DistinctBy(c => (c.Operator, c.Key.ToLowerInvariant())))
            {
                if (condition[op] is not System.Text.Json.Nodes.JsonObject keys) condition[op] = keys = [];
                keys[key] = value;
            }
            var finding = Check(Subject(IamEntityKind.Role, trust: OpenTrustWith(condition.ToJsonString()))).Single(f => f.Rule == GuardrailRules.TrustWildcardPrincipal);
            return finding.Severity == (who.Length > 0 ? GuardrailSeverity.Warning : GuardrailSeverity.Violation);
        });

    [Fact]
    public void A_condition_that_does_not_say_who_is_a_violation_for_every_open_principal_form()
    {
        foreach (var principal in new[] { "\"*\"", "{\"Federated\":\"*\"}", "{\"Service\":\"*\"}" })
        {
            Assert.Equal([(GuardrailSeverity.Violation, GuardrailRules.TrustWildcardPrincipal)],
                Check(Subject(IamEntityKind.Role, trust: OpenTrustWith("""{"StringLike":{"aws:PrincipalArn":"*"}}""", principal))).Select(f => (f.Severity, f.Rule)));
        }
    }

    [Fact]
    public void Trust_of_everyone_but_a_NotPrincipal_list_is_a_violation()
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/mallory"},"Action":"sts:AssumeRole"}]}""";

        var finding = Assert.Single(Check(Subject(IamEntityKind.Role, trust: trust)));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.TrustWildcardPrincipal, $"{Trust}.Statement[0].NotPrincipal"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Trust_of_a_service_is_fine() =>
        Assert.Empty(Check(Subject(IamEntityKind.Role, trust: TrustOf("{\"Service\":\"ec2.amazonaws.com\"}"))));

    [Fact]
    public void Trust_for_IRSA_with_web_identity_and_conditions_is_fine() =>
        Assert.Empty(Check(Subject(IamEntityKind.Role, trust: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"},
              "Action":"sts:AssumeRoleWithWebIdentity",
              "Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:team-a:app"}}}]}
            """)));

    [Fact]
    public void Trust_statement_without_principal_is_a_violation()
    {
        var findings = Check(Subject(IamEntityKind.Role, trust: """{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}"""));

        Assert.Contains(findings, f => f is { Severity: GuardrailSeverity.Violation, Rule: GuardrailRules.TrustPolicyPrincipal, FieldPath: $"{Trust}.Statement[0]" });
    }

    [Fact]
    public void Trust_statement_with_resource_is_a_violation()
    {
        var findings = Check(Subject(IamEntityKind.Role, trust: """{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}}"""));

        var finding = Assert.Single(findings);
        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.TrustPolicyResource, $"{Trust}.Statement[0].Resource"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void A_trust_policy_naming_a_non_STS_action_is_a_violation_IAM_refuses_whatever_the_settings()
    {
        foreach (var settings in new[] { GuardrailSettings.Default, new GuardrailSettings { Enabled = false } })
        {
            var findings = Check(Subject(IamEntityKind.Role, trust: TrustOf("{\"Service\":\"ec2.amazonaws.com\"}", "[\"sts:AssumeRole\",\"s3:GetObject\"]")), settings);

            var finding = Assert.Single(findings);
            Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.TrustPolicyAction, $"{Trust}.Statement[0].Action"), (finding.Severity, finding.Rule, finding.FieldPath));
            Assert.Contains("\"s3:GetObject\" is not a role trust action", finding.Message);
            Assert.Contains("AssumeRole policy may only specify STS AssumeRole actions", finding.Message);
        }
    }

    [Fact]
    public void A_Deny_or_NotAction_naming_a_non_STS_action_in_a_trust_policy_is_a_violation()
    {
        var deny = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":"*","Action":"iam:*"}]}""";
        var notAction = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"NotAction":"s3:*"}]}""";

        Assert.Contains(Check(Subject(IamEntityKind.Role, trust: deny)), f => (f.Severity, f.Rule, f.FieldPath) == (GuardrailSeverity.Violation, GuardrailRules.TrustPolicyAction, $"{Trust}.Statement[1].Action"));
        Assert.Contains(Check(Subject(IamEntityKind.Role, trust: notAction)), f => (f.Severity, f.Rule, f.FieldPath) == (GuardrailSeverity.Violation, GuardrailRules.TrustPolicyAction, $"{Trust}.Statement[0].NotAction"));
    }

    [Fact]
    public void Trust_that_lets_nobody_assume_the_role_is_a_warning()
    {
        var findings = Check(Subject(IamEntityKind.Role, trust: TrustOf("{\"Service\":\"ec2.amazonaws.com\"}", "\"sts:TagSession\"")));

        var finding = Assert.Single(findings);
        Assert.Equal((GuardrailRules.TrustPolicyAction, Trust), (finding.Rule, finding.FieldPath));
        Assert.Contains("nobody can assume this role", finding.Message);
    }

    [Fact]
    public void Permissions_policy_naming_a_principal_is_a_violation()
    {
        var findings = Check(Subject(inline: """{"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"*"}}"""));

        var finding = Assert.Single(findings);
        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.IdentityPolicyPrincipal, $"{Inline}.Statement[0].Principal"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Permissions_policy_statement_without_resource_is_a_violation()
    {
        var finding = Assert.Single(Check(Subject(inline: """{"Statement":{"Effect":"Allow","Action":"s3:GetObject"}}""")));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.IdentityPolicyResource, $"{Inline}.Statement[0]"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void Policy_variables_under_the_2008_10_17_language_are_a_warning()
    {
        const string home = """{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}""";

        var finding = Assert.Single(Check(Subject(inline: $$"""{"Statement":{{home}}}""")));
        Assert.Equal((GuardrailSeverity.Warning, GuardrailRules.PolicyVariablesNeedVersion, $"{Inline}.Statement[0]"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Empty(Check(Subject(inline: $$"""{"Version":"2012-10-17","Statement":{{home}}}""")));
    }

    [Fact]
    public void AdministratorAccess_with_default_settings_is_a_warning_not_a_violation()
    {
        var finding = Assert.Single(Check(Subject(managed: [AdministratorAccess], name: "DevOps")));

        Assert.Equal((GuardrailSeverity.Warning, GuardrailRules.AdministratorAccessAttached, "spec.permissions.managedPolicies[0]"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Fact]
    public void The_articles_team_converges_with_default_settings()
    {
        string Service(string service) => TrustOf($$"""{"Service":"{{service}}"}""");
        var team = new[]
        {
            Subject(managed: ["arn:aws:iam::aws:policy/PowerUserAccess"], name: "Developers"),
            Subject(managed: [AdministratorAccess], name: "DevOps"),
            Subject(managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], name: "ReadOnly"),
            Subject(IamEntityKind.User, name: "alice.johnson"),
            Subject(IamEntityKind.User, name: "bob.smith"),
            Subject(IamEntityKind.User, name: "charlie.ops"),
            Subject(IamEntityKind.User, name: "diana.analyst"),
            Subject(IamEntityKind.Role, trust: Service("ec2.amazonaws.com"), managed: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], name: "EC2-S3-Access-Role"),
            Subject(IamEntityKind.Role, trust: Service("lambda.amazonaws.com"), managed: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"], name: "Lambda-Basic-Role"),
        };

        var findings = team.SelectMany(s => Check(s)).ToList();

        Assert.DoesNotContain(findings, f => f.Severity == GuardrailSeverity.Violation);
        Assert.Equal([GuardrailRules.AdministratorAccessAttached], findings.Select(f => f.Rule));
    }

    [Fact]
    public void Denied_managed_policy_is_a_violation_outside_its_exception_namespaces()
    {
        var settings = new GuardrailSettings { DeniedManagedPolicies = [new DeniedManagedPolicy(AdministratorAccess, ["platform"])] };

        var teamA = Assert.Single(Check(Subject(managed: [AdministratorAccess], ns: "team-a"), settings));
        var platform = Assert.Single(Check(Subject(managed: [AdministratorAccess], ns: "platform"), settings));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.ManagedPolicyDenied), (teamA.Severity, teamA.Rule));
        Assert.Contains("outside namespaces \"platform\"", teamA.Message);
        Assert.Equal((GuardrailSeverity.Warning, GuardrailRules.AdministratorAccessAttached), (platform.Severity, platform.Rule));
    }

    [Fact]
    public void Denied_managed_policy_accepts_a_glob()
    {
        var settings = new GuardrailSettings { DeniedManagedPolicies = [new DeniedManagedPolicy("arn:aws:iam::aws:policy/*FullAccess", [])] };

        var finding = Assert.Single(Check(Subject(managed: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess"]), settings));

        Assert.Equal((GuardrailRules.ManagedPolicyDenied, "spec.permissions.managedPolicies[1]"), (finding.Rule, finding.FieldPath));
        Assert.Contains("in any namespace", finding.Message);
    }

    [Fact]
    public void Managed_policy_outside_a_non_empty_allowed_list_is_a_violation()
    {
        var settings = new GuardrailSettings { AllowedManagedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team-a-*"] };

        var findings = Check(Subject(managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team-a-s3", "arn:aws:iam::aws:policy/PowerUserAccess"]), settings);

        var finding = Assert.Single(findings);
        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.ManagedPolicyNotAllowed, "spec.permissions.managedPolicies[2]"), (finding.Severity, finding.Rule, finding.FieldPath));
    }

    [Theory]
    [InlineData(IamEntityKind.User, null, "is missing")]
    [InlineData(IamEntityKind.Role, "arn:aws:iam::123456789012:policy/other", "is \"arn:aws:iam::123456789012:policy/other\"")]
    public void Users_and_roles_without_the_required_boundary_are_violations(IamEntityKind kind, string? boundary, string problem)
    {
        var settings = new GuardrailSettings { RequiredPermissionsBoundaryArn = "arn:aws:iam::123456789012:policy/boundary" };
        var trust = kind == IamEntityKind.Role ? TrustOf("{\"Service\":\"ec2.amazonaws.com\"}") : null;

        var finding = Assert.Single(Check(Subject(kind, trust: trust, boundary: boundary), settings));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.PermissionsBoundaryRequired, "spec.permissionsBoundary"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains($"spec.permissionsBoundary {problem}", finding.Message);
    }

    [Fact]
    public void Required_boundary_is_satisfied_by_that_boundary_and_does_not_apply_to_groups()
    {
        var settings = new GuardrailSettings { RequiredPermissionsBoundaryArn = "arn:aws:iam::123456789012:policy/boundary" };

        Assert.Empty(Check(Subject(IamEntityKind.User, boundary: "arn:aws:iam::123456789012:policy/boundary"), settings));
        Assert.Empty(Check(Subject(IamEntityKind.Group), settings));
    }

    [Fact]
    public void Required_name_prefix_applies_in_its_namespace_only()
    {
        var settings = new GuardrailSettings { RequiredNamePrefixes = new Dictionary<string, string> { ["team-a"] = "team-a-" } };

        var finding = Assert.Single(Check(Subject(name: "Developers", ns: "team-a"), settings));
        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.NamePrefixRequired, "spec.iamName"), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Empty(Check(Subject(name: "team-a-Developers", ns: "team-a"), settings));
        Assert.Empty(Check(Subject(name: "Developers", ns: "team-b"), settings));
    }

    [Fact]
    public void Disabled_guardrails_skip_built_in_rules_but_keep_settings_and_IAM_rules()
    {
        var settings = new GuardrailSettings
        {
            Enabled = false,
            DeniedManagedPolicies = [new DeniedManagedPolicy(AdministratorAccess, [])],
        };

        Assert.Empty(Check(Subject(inline: Allow("\"*\"", "\"*\"")), settings));
        Assert.Empty(Check(Subject(IamEntityKind.Role, trust: TrustOf("\"*\"")), settings));
        Assert.Equal([GuardrailRules.ManagedPolicyDenied], Check(Subject(managed: [AdministratorAccess]), settings).Select(f => f.Rule));
        Assert.Equal([GuardrailRules.IdentityPolicyResource], Check(Subject(inline: """{"Statement":{"Effect":"Allow","Action":"s3:GetObject"}}"""), settings).Select(f => f.Rule));
    }

    [Fact]
    public void Managed_policy_over_6144_characters_is_a_violation()
    {
        var resources = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"arn:aws:s3:::bucket-{i:D4}/*\""));
        var subject = Subject(IamEntityKind.Policy, inline: Allow("\"s3:GetObject\"", $"[{resources}]"));

        var finding = Assert.Single(Check(subject));

        Assert.Equal((GuardrailSeverity.Violation, GuardrailRules.PolicySize, Inline), (finding.Severity, finding.Rule, finding.FieldPath));
        Assert.Contains("IAM allows 6144 for a managed policy", finding.Message);
    }

    [Fact]
    public void User_inline_policies_over_2048_characters_in_total_are_a_violation()
    {
        var resources = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"arn:aws:s3:::bucket-{i:D4}/*\""));
        var document = PolicyDocument.Parse(Allow("\"s3:GetObject\"", $"[{resources}]"));
        Assert.InRange(document.IamSize, 1025, 2048);
        var subject = new GuardrailSubject("team-a", IamEntityKind.User, "alice", [],
            [("spec.permissions.inlinePolicies[0].document", document), ("spec.permissions.inlinePolicies[1].document", document)], null, null);

        var finding = Assert.Single(Check(subject));

        Assert.Equal((GuardrailRules.PolicySize, "spec.permissions.inlinePolicies[1].document"), (finding.Rule, finding.FieldPath));
        Assert.Contains($"{document.IamSize * 2} characters", finding.Message);
        Assert.Empty(Check(subject with { Kind = IamEntityKind.Group }));
    }

    [Fact]
    public void Trust_policy_over_the_account_quota_is_a_violation()
    {
        var trust = TrustOf("{\"Service\":\"ec2.amazonaws.com\"}");
        var size = PolicyDocument.Parse(trust).IamSize;

        Assert.Empty(Check(Subject(IamEntityKind.Role, trust: trust), new GuardrailSettings { MaxTrustPolicySize = size }));
        var finding = Assert.Single(Check(Subject(IamEntityKind.Role, trust: trust), new GuardrailSettings { MaxTrustPolicySize = size - 1 }));
        Assert.Equal((GuardrailRules.PolicySize, Trust), (finding.Rule, finding.FieldPath));
    }
}
