using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.Simulation;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// IAM's policy simulator: SimulatePrincipalPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html)
/// and SimulateCustomPolicy (API_SimulateCustomPolicy.html), for identity policies and permissions boundaries.
/// One EvaluationResult per action and resource, in request order, paginated with MaxItems/Marker.
/// </summary>
internal sealed partial class SimulationActions(IamAccount account)
{
    /// <summary>Parameters for what the emulator does not simulate: refused rather than silently ignored.</summary>
    private static readonly string[] NotEmulated = ["ResourcePolicy", "ResourceOwner", "ResourceHandlingOption"];

    public void Register(ActionTable table)
    {
        table.Read("SimulatePrincipalPolicy", SimulatePrincipalPolicy);
        table.Read("SimulateCustomPolicy", SimulateCustomPolicy);
    }

    private XElement SimulatePrincipalPolicy(IamRequest request)
    {
        var sourceArn = NameRules.Arn(request, "PolicySourceArn");
        var (actions, resources, context) = Request(request);
        CallerKeys(request, context);
        var identity = new List<SimulatedPolicy>();
        var boundaries = new List<SimulatedPolicy>();
        var match = PrincipalArn().Match(sourceArn);
        if (!match.Success)
        {
            throw IamError.InvalidInput($"PolicySourceArn {sourceArn} is not the ARN of an IAM user, group or role.").ToException();
        }

        var (kind, name) = (match.Groups["kind"].Value, match.Groups["name"].Value);
        PrincipalEntity principal = kind switch
        {
            "user" => account.ReadUser(name),
            "group" => account.ReadGroup(name),
            _ => account.ReadRole(name),
        };
        if (match.Groups["account"].Value != account.AccountId || principal.Arn != sourceArn)
        {
            throw IamError.NoSuchEntity($"The {kind} with name {name} cannot be found.").ToException();
        }

        AddPoliciesOf(principal, kind, identity);
        string? boundaryArn = null;
        if (principal is UserEntity user)
        {
            foreach (var group in account.GroupsOf(user))
            {
                AddPoliciesOf(group, "group", identity);
            }

            boundaryArn = user.PermissionsBoundaryArn;
            DefaultPrincipalKeys(context, user);
        }
        else if (principal is RoleEntity role)
        {
            boundaryArn = role.PermissionsBoundaryArn;
            context.Default("aws:PrincipalArn", role.Arn);
        }

        identity.AddRange(InputPolicies(request, "PolicyInputList"));
        var boundaryInputs = InputPolicies(request, "PermissionsBoundaryPolicyInputList");
        // A boundary given in the request replaces the one set on the principal (API_SimulatePrincipalPolicy).
        if (boundaryInputs.Count > 0)
        {
            boundaries.AddRange(boundaryInputs);
        }
        else if (boundaryArn is not null && Managed(boundaryArn) is { } boundary)
        {
            boundaries.Add(boundary);
        }

        return Simulate(request, identity, boundaries, actions, resources, context);
    }

    private XElement SimulateCustomPolicy(IamRequest request)
    {
        var (actions, resources, context) = Request(request);
        CallerKeys(request, context);
        var identity = InputPolicies(request, "PolicyInputList");
        if (identity.Count == 0)
        {
            throw IamError.Validation("policyInputList", null, "Member must not be null").ToException();
        }

        var boundaries = InputPolicies(request, "PermissionsBoundaryPolicyInputList");
        return Simulate(request, identity, boundaries, actions, resources, context);
    }

    private static XElement Simulate(
        IamRequest request, List<SimulatedPolicy> identity, List<SimulatedPolicy> boundaries, IReadOnlyList<string> actions, IReadOnlyList<string> resources, SimulationContext context)
    {
        var results = new List<SimulationResult>();
        try
        {
            foreach (var action in actions)
            {
                results.AddRange(resources.Select(resource => PolicySimulator.Evaluate(identity, boundaries, action, resource, context)));
            }
        }
        catch (PolicyEvaluationException exception)
        {
            throw IamError.PolicyEvaluation(exception.Message).ToException();
        }

        // Results keep request order: the page key is the result's position, zero-padded so it sorts as a number.
        var keyed = results.Select((result, index) => (Key: index.ToString("D7", CultureInfo.InvariantCulture), Result: result));
        var page = Pagination.Of(request, keyed, item => item.Key);
        return Result(page.Members("EvaluationResults", item => Evaluation(item.Result)), page.Footer());
    }

    private static object?[] Evaluation(SimulationResult result) =>
    [
        E("EvalActionName", result.Action),
        E("EvalResourceName", result.Resource),
        E("EvalDecision", result.Decision),
        Members("MatchedStatements", result.MatchedStatements.Select(match => new object[]
        {
            E("SourcePolicyId", match.Policy.SourcePolicyId),
            E("SourcePolicyType", match.Policy.SourcePolicyType),
            E("StartPosition", E("Line", match.Statement.Start.Line), E("Column", match.Statement.Start.Column)),
            E("EndPosition", E("Line", match.Statement.End.Line), E("Column", match.Statement.End.Column)),
        })),
        Members("MissingContextValues", result.MissingContextValues),
        result.AllowedByPermissionsBoundary is { } allowed
            ? E("PermissionsBoundaryDecisionDetail", E("AllowedByPermissionsBoundary", Bool(allowed)))
            : null,
    ];

    /// <summary>What both actions share: ActionNames, ResourceArns (default <c>*</c>) and ContextEntries.</summary>
    private static (IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, SimulationContext Context) Request(IamRequest request)
    {
        foreach (var parameter in NotEmulated)
        {
            if (request.Optional(parameter) is not null)
            {
                throw IamError.InvalidInput($"The IAM emulator does not simulate resource-based policies: {parameter} is not supported.").ToException();
            }
        }

        var actions = request.Members("ActionNames");
        if (actions.Count == 0)
        {
            throw IamError.Validation("actionNames", null, "Member must not be null").ToException();
        }

        foreach (var action in actions)
        {
            NameRules.Length("ActionNames", action, 3, 128);
        }

        var resources = request.Members("ResourceArns");
        foreach (var resource in resources)
        {
            NameRules.Length("ResourceArns", resource, 1, 2048);
        }

        return (actions, resources.Count == 0 ? ["*"] : resources, Context(request));
    }

    private static SimulationContext Context(IamRequest request)
    {
        var context = new SimulationContext();
        for (var index = 1; ; index++)
        {
            var prefix = $"ContextEntries.member.{index}";
            var key = request.Optional($"{prefix}.ContextKeyName");
            var type = request.Optional($"{prefix}.ContextKeyType");
            var values = request.Members($"{prefix}.ContextKeyValues");
            if (key is null && type is null && values.Count == 0)
            {
                return context;
            }

            if (key is null || type is null)
            {
                throw IamError.InvalidInput($"Context entry {index} needs both ContextKeyName and ContextKeyType.").ToException();
            }

            NameRules.Length("ContextKeyName", key, 5, 256);
            if (!SimulationContext.KeyTypes.Contains(type, StringComparer.Ordinal))
            {
                throw IamError.Validation("contextKeyType", type, $"Member must satisfy enum value set: [{string.Join(", ", SimulationContext.KeyTypes)}]").ToException();
            }

            foreach (var value in values)
            {
                if (SimulationContext.Invalid(type, value) is { } problem)
                {
                    throw IamError.InvalidInput($"Context key {key}: {problem}").ToException();
                }
            }

            context.Set(key, new ContextValue(type, values));
        }
    }

    /// <summary>Policy documents passed in the request, checked as IAM checks identity policies; ids name their list and position.</summary>
    private static List<SimulatedPolicy> InputPolicies(IamRequest request, string parameter)
    {
        var policies = new List<SimulatedPolicy>();
        var documents = request.Members(parameter);
        for (var index = 0; index < documents.Count; index++)
        {
            var document = documents[index];
            NameRules.Length(parameter, document, 1, 131072);
            try
            {
                PolicyDocumentValidator.Validate(document, PolicyDocumentKind.Identity);
            }
            catch (IamErrorException exception) when (exception.Error.Code == "MalformedPolicyDocument")
            {
                // The simulator's Errors section lists no MalformedPolicyDocument: a bad input document is InvalidInput.
                throw IamError.InvalidInput($"{parameter}.{index + 1}: {exception.Error.Message}").ToException();
            }

            policies.Add(SimulatedPolicy.Parse($"{parameter}.{index + 1}", "none", document));
        }

        return policies;
    }

    private void AddPoliciesOf(PrincipalEntity principal, string kind, List<SimulatedPolicy> policies)
    {
        policies.AddRange(principal.InlinePolicies.Select(policy => SimulatedPolicy.Parse(policy.Name, kind, policy.Document)));
        policies.AddRange(principal.AttachedPolicyArns.Select(Managed).OfType<SimulatedPolicy>());
    }

    /// <summary>A managed policy's default version; SourcePolicyType says whether AWS or the account manages it.</summary>
    private SimulatedPolicy? Managed(string arn) =>
        account.Policies.FindForRead(arn) is { } policy
            ? SimulatedPolicy.Parse(policy.Name, policy.IsAwsManaged ? "aws-managed" : "user-managed", policy.DefaultVersion.Document)
            : null;

    /// <summary>
    /// CallerArn names the user whose keys (<c>aws:username</c>, <c>aws:userid</c>, <c>aws:PrincipalArn</c>) the
    /// policies see, ahead of the principal's own; ContextEntries win over both.
    /// </summary>
    private void CallerKeys(IamRequest request, SimulationContext context)
    {
        if (request.Optional("CallerArn") is not { } callerArn)
        {
            return;
        }

        NameRules.Length("CallerArn", callerArn, 1, 2048);
        var match = PrincipalArn().Match(callerArn);
        if (!match.Success || match.Groups["kind"].Value != "user")
        {
            throw IamError.InvalidInput($"CallerArn {callerArn} is not the ARN of an IAM user.").ToException();
        }

        var user = account.Users.FindForRead(match.Groups["name"].Value);
        if (user is null || user.Arn != callerArn)
        {
            throw IamError.NoSuchEntity($"The user with name {match.Groups["name"].Value} cannot be found.").ToException();
        }

        DefaultPrincipalKeys(context, user);
    }

    /// <summary>Keys not already set, so the first principal to claim them (caller, then source) wins.</summary>
    private static void DefaultPrincipalKeys(SimulationContext context, UserEntity user)
    {
        context.Default("aws:username", user.Name);
        context.Default("aws:userid", user.Id);
        context.Default("aws:PrincipalArn", user.Arn);
    }

    [GeneratedRegex(@"^arn:aws:iam::(?<account>[0-9]{12}):(?<kind>user|group|role)(/|/.*/)(?<name>[^/]+)$")]
    private static partial Regex PrincipalArn();
}
