using CsCheck;
using IamOperator.Iam.Emulator.Simulation;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Invariants of the evaluation logic (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
/// over random policies and requests, checked on the emulator's simulator directly.
/// </summary>
public sealed class SimulationPropertyTests
{
    private static readonly Gen<string> Action = Gen.OneOf<string>("s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:CreateUser", "logs:PutLogEvents");

    private static readonly Gen<string> ActionPattern = Gen.OneOf<string>("*", "s3:*", "s3:Get*", "s3:?etObject", "ec2:RunInstances", "iam:*", "logs:Put*", "*:PutLogEvents");

    private static readonly Gen<string> Resource = Gen.OneOf<string>("*", "arn:aws:s3:::a/x", "arn:aws:s3:::b/y", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1");

    private static readonly Gen<string> ResourcePattern = Gen.OneOf<string>("*", "arn:aws:s3:::a/*", "arn:aws:s3:::*", "arn:aws:ec2:*:*:instance/*");

    private static readonly Gen<string> StatementJson =
        Gen.Select(Gen.Bool, Gen.Bool, ActionPattern.Array[1, 3], Gen.Bool, ResourcePattern.Array[1, 2]).Select((allow, notAction, actions, notResource, resources) =>
            $"{{\"Effect\":\"{(allow ? "Allow" : "Deny")}\",\"{(notAction ? "NotAction" : "Action")}\":[{Quoted(actions)}],\"{(notResource ? "NotResource" : "Resource")}\":[{Quoted(resources)}]}}");

    private static readonly Gen<SimulatedPolicy> Policy =
        StatementJson.Array[1, 3].Select(statements => SimulatedPolicy.Parse("p", "none", $"{{\"Version\":\"2012-10-17\",\"Statement\":[{string.Join(',', statements)}]}}"));

    [Fact]
    public void An_explicit_deny_of_the_request_wins_over_any_policies()
    {
        Gen.Select(Policy.Array[0, 3], Policy.Array[0, 2], Action, Resource).Sample((identity, boundaries, action, resource) =>
        {
            var deny = SimulatedPolicy.Parse("deny", "none", $"{{\"Version\":\"2012-10-17\",\"Statement\":{{\"Effect\":\"Deny\",\"Action\":\"{action}\",\"Resource\":\"*\"}}}}");

            var result = PolicySimulator.Evaluate([.. identity, deny], boundaries, action, resource, new SimulationContext());

            Assert.Equal(PolicySimulator.ExplicitDeny, result.Decision);
            Assert.All(result.MatchedStatements, match => Assert.False(match.Statement.IsAllow));
        });
    }

    [Fact]
    public void A_permissions_boundary_never_allows_what_the_identity_policies_alone_do_not()
    {
        Gen.Select(Policy.Array[0, 3], Policy.Array[1, 2], Action, Resource).Sample((identity, boundaries, action, resource) =>
        {
            var bounded = PolicySimulator.Evaluate(identity, boundaries, action, resource, new SimulationContext());
            var unbounded = PolicySimulator.Evaluate(identity, [], action, resource, new SimulationContext());

            Assert.True(bounded.Decision != PolicySimulator.Allowed || unbounded.Decision == PolicySimulator.Allowed);
            Assert.True(bounded.AllowedByPermissionsBoundary is not null);
        });
    }

    [Fact]
    public void Allowed_means_some_allow_statement_matched_and_no_deny_did()
    {
        Gen.Select(Policy.Array[0, 4], Action, Resource).Sample((identity, action, resource) =>
        {
            var result = PolicySimulator.Evaluate(identity, [], action, resource, new SimulationContext());

            Assert.Equal(result.Decision == PolicySimulator.Allowed, result.MatchedStatements.Count > 0 && result.MatchedStatements.All(match => match.Statement.IsAllow));
            Assert.Equal(result.Decision == PolicySimulator.ImplicitDeny, result.MatchedStatements.Count == 0);
        });
    }

    private static string Quoted(string[] values) => string.Join(',', values.Select(value => $"\"{value}\""));
}
