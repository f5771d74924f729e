namespace IamOperator.Policies;

/// <summary>
/// Pure checks of a declared entity against IAM's own document rules, the built-in rules and the
/// operator's settings. Any <see cref="GuardrailSeverity.Violation"/> means the entity must not be written.
/// </summary>
public static class Guardrails
{
    // Each of these, allowed on every IAM resource of its type, lets the holder grant itself every permission:
    // a new default version of a policy attached to it, a policy attached to or written into itself, itself
    // added to an administrators' group, an administrator's access key or console password, or a role's trust
    // opened to itself. Source: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
    // (methods 1-4, 6-14); the resource types are those of IAM's Service Authorization Reference.
    private static readonly (string Action, string ResourceType)[] SelfGrantActions =
    [
        ("iam:CreatePolicyVersion", "policy"), ("iam:SetDefaultPolicyVersion", "policy"),
        ("iam:AttachUserPolicy", "user"), ("iam:AttachGroupPolicy", "group"), ("iam:AttachRolePolicy", "role"),
        ("iam:PutUserPolicy", "user"), ("iam:PutGroupPolicy", "group"), ("iam:PutRolePolicy", "role"),
        ("iam:AddUserToGroup", "group"), ("iam:CreateAccessKey", "user"), ("iam:CreateLoginProfile", "user"),
        ("iam:UpdateLoginProfile", "user"), ("iam:UpdateAssumeRolePolicy", "role"),
    ];

    // iam:PassRole on every role with one of these hands any role, an administrator's too, to compute the
    // holder controls (the same source, methods 5 and 15-21).
    private static readonly string[] ComputeActions =
        ["ec2:RunInstances", "lambda:CreateFunction", "glue:CreateDevEndpoint", "cloudformation:CreateStack", "datapipeline:CreatePipeline"];

    private static readonly string[] AssumeActions = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];
    // Session actions a trust policy may allow alongside an assume action.
    private static readonly string[] TrustActions = [.. AssumeActions, "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"];

    public static IReadOnlyList<GuardrailFinding> Check(GuardrailSubject subject, GuardrailSettings settings)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(settings);
        var findings = new List<GuardrailFinding>();
        var check = new Checker(subject, settings, findings);

        foreach (var (path, document) in subject.PermissionDocuments)
        {
            check.PermissionDocument(path, document);
            check.PolicyVariables(path, document);
        }
        check.BroadAllowsTogether();
        check.PrivilegeEscalation();
        if (subject.TrustDocument is var (trustPath, trust))
        {
            check.TrustDocument(trustPath, trust);
            check.PolicyVariables(trustPath, trust);
        }
        check.Sizes();
        check.ManagedPolicies();
        check.PermissionsBoundary();
        check.NamePrefix();
        return findings;
    }

    private sealed class Checker(GuardrailSubject subject, GuardrailSettings settings, List<GuardrailFinding> findings)
    {
        private readonly string entity = $"{subject.Kind} \"{subject.IamName}\" (namespace \"{subject.Namespace}\")";
        // Allow statements not flagged alone, kept to judge them together: an attacker can split "*" into
        // "??:*" and "???*:*" across two statements.
        private readonly List<(string At, PolicyStatement Statement, Reach Actions, Reach Resources)> allows = [];

        public void PermissionDocument(string path, PolicyDocument document)
        {
            foreach (var statement in document.Statements)
            {
                var at = $"{path}.{statement.Path}";
                if (statement.Principal is { } principal)
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.IdentityPolicyPrincipal, $"{at}.{principal.ElementName}",
                        $"a permissions policy cannot name a {principal.ElementName}: the principal is the identity it is attached to (IAM refuses it: \"Has prohibited field Principal\").");
                }

                if (statement.Resource is null)
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.IdentityPolicyResource, at,
                        "a permissions policy statement needs a Resource or NotResource (IAM refuses it: \"Policy statement must contain resources\").");
                }

                if (settings.Enabled && statement.Effect == PolicyEffect.Allow && statement.Resource is not null) BroadAllow(at, statement);
            }
        }

        // Judged by what the patterns match (PatternCoverage), not by their spelling: "?*" is every action
        // and "arn:*" every resource just as "*" is.
        private void BroadAllow(string at, PolicyStatement statement)
        {
            var actions = Reach.Of(statement.Action);
            var resources = Reach.Of(statement.Resource!);
            if (actions.Kind == ReachKind.Nothing || resources.Kind == ReachKind.Nothing) return;
            if (actions.Kind == ReachKind.Undecided || resources.Kind == ReachKind.Undecided)
            {
                var element = actions.Kind == ReachKind.Undecided ? statement.Action.ElementName : statement.Resource!.ElementName;
                Add(GuardrailSeverity.Violation, GuardrailRules.PatternsTooComplex, $"{at}.{element}",
                    $"has wildcard patterns too intricate to decide whether they reach every {(element.EndsWith("Action", StringComparison.Ordinal) ? "action" : "resource")} (more than {PatternCoverage.MaxStates} states to explore). Use fewer '?' after a '*', or fewer patterns.");
                return;
            }
            if (resources.IsEverything && actions.Kind == ReachKind.Every)
            {
                Add(GuardrailSeverity.Violation, GuardrailRules.NoAllowStarOnStar, $"{at}.Action",
                    $"allows {actions.Describe("action")} on {resources.Describe("resource")}: full administrator access. Never use this; grant the specific actions needed (least privilege).");
                return;
            }
            if (resources.IsEverything && actions.Kind == ReachKind.AllBut)
            {
                Add(GuardrailSeverity.Violation, GuardrailRules.NoAllowNotActionOnStar, $"{at}.NotAction",
                    $"allows {actions.Describe("action")} on {resources.Describe("resource")}, including actions AWS adds later. List the allowed actions with Action instead.");
                return;
            }
            allows.Add((at, statement, actions, resources));
            if (!resources.IsEverything) return;
            var passRole = statement.Action.Actions.FirstOrDefault(a => IamWildcard.Matches(a, "iam:PassRole", StringComparison.OrdinalIgnoreCase));
            if (passRole is not null)
            {
                Add(GuardrailSeverity.Warning, GuardrailRules.PassRoleOnStar, $"{at}.Action",
                    $"\"{passRole}\" allows iam:PassRole on {resources.Describe("resource")}: the holder can hand any role, including more privileged ones, to a service. Limit Resource to the role ARNs it must pass.");
            }
        }

        /// <summary>Statements that each fall short of everything but together allow every action on every resource.</summary>
        /// <remarks>
        /// Only resources can be split: IAM refuses a wildcard in an action's service prefix (the parser too),
        /// so an Action list that matches every action holds "*" itself and is judged alone.
        /// </remarks>
        public void BroadAllowsTogether()
        {
            // Every resource, split over statements that each allow every action.
            var everyAction = allows.Where(a => a.Actions.Kind == ReachKind.Every && a.Statement.Resource is { IsNotResource: false }).ToList();
            if (everyAction.Count > 1 && PatternCoverage.OfArns(everyAction.SelectMany(a => a.Statement.Resource!.Resources)) == Coverage.Everything)
                Together(everyAction, "every action", "on every resource, split over their Resource lists");
        }

        /// <summary>
        /// Allow statements not already flagged as full access that allow a <see cref="SelfGrantActions"/> action
        /// on every IAM resource of its type (their Resource lists together), or iam:PassRole on every role
        /// with a <see cref="ComputeActions"/> action: one finding per statement, naming the actions.
        /// </summary>
        public void PrivilegeEscalation()
        {
            // Full access, already a violation, includes every escalation: one finding says enough.
            if (!settings.Enabled || findings.Any(f => f.Rule == GuardrailRules.NoAllowStarOnStar)) return;
            var escalations = new List<(string At, string Action, string ResourceType)>();
            foreach (var (action, type) in SelfGrantActions)
                if (OnEvery(action, type) is { } at) escalations.Add((at, action, type));
            if (OnEvery("iam:PassRole", "role") is { } passRoleAt
                && ComputeActions.FirstOrDefault(c => allows.Any(a => Allows(a.Statement.Action, c))) is { } compute)
            {
                escalations.Add((passRoleAt, $"iam:PassRole (with {compute})", "role"));
                // The warning for PassRole on every resource is superseded by the violation.
                findings.RemoveAll(f => f.Rule == GuardrailRules.PassRoleOnStar && f.FieldPath == $"{passRoleAt}.Action");
            }
            foreach (var statement in escalations.GroupBy(e => e.At))
            {
                var named = statement.Select(e => $"{e.Action} on every IAM {e.ResourceType}").ToList();
                var what = named.Count <= 3 ? string.Join(", ", named) : $"{string.Join(", ", named.Take(3))} and {named.Count - 3} more such actions";
                var element = allows.First(a => a.At == statement.Key).Statement.Action.ElementName;
                Add(GuardrailSeverity.Violation, GuardrailRules.NoAllowPrivilegeEscalation, $"{statement.Key}.{element}",
                    $"allows {what}: the holder can grant itself every permission (privilege escalation), which is administrator access. "
                    + "Limit Resource to the ARNs it must manage (e.g. arn:aws:iam::123456789012:role/app-*), none of which may be the holder itself.");
            }
        }

        // The first statement allowing the action, when the statements allowing it reach every IAM resource of the
        // type: a NotResource that leaves any of them in, or Resource lists that cover them together.
        private string? OnEvery(string action, string resourceType)
        {
            var allowing = allows.Where(a => Allows(a.Statement.Action, action)).ToList();
            if (allowing.Count == 0) return null;
            foreach (var (at, statement, _, _) in allowing.Where(a => a.Statement.Resource!.IsNotResource))
            {
                var excluded = PatternCoverage.OfIamResources(statement.Resource!.Resources, resourceType);
                if (excluded == Coverage.Undecided) return TooComplex(at);
                if (excluded == Coverage.NotEverything) return at;
            }
            var listing = allowing.Where(a => !a.Statement.Resource!.IsNotResource).ToList();
            if (listing.Count == 0) return null;
            return PatternCoverage.OfIamResources(listing.SelectMany(a => a.Statement.Resource!.Resources), resourceType) switch
            {
                Coverage.Everything => listing[0].At,
                Coverage.Undecided => TooComplex(listing[0].At),
                _ => null,
            };
        }

        // Fails closed, once per statement: a hostile list can make the question expensive, never make it pass.
        private string? TooComplex(string at)
        {
            if (!findings.Any(f => f.Rule == GuardrailRules.PatternsTooComplex && f.FieldPath == $"{at}.Resource"))
            {
                Add(GuardrailSeverity.Violation, GuardrailRules.PatternsTooComplex, $"{at}.Resource",
                    $"has resource patterns too intricate to decide whether they reach every IAM user, group, role or policy (more than {PatternCoverage.MaxStates} states to explore, or more than {PatternCoverage.MaxIamAccounts} accounts written out). Use fewer patterns.");
            }

            return null;
        }

        private static bool Allows(ActionBlock block, string action) =>
            block.IsNotAction != block.Actions.Any(p => PatternCoverage.ActionMatches(p, action));

        private void Together(List<(string At, PolicyStatement Statement, Reach Actions, Reach Resources)> statements, string what, string where)
        {
            var last = statements[^1];
            var others = string.Join(", ", statements.SkipLast(1).Select(s => s.At));
            Add(GuardrailSeverity.Violation, GuardrailRules.NoAllowStarOnStar, $"{last.At}.Action",
                $"together with {others}, allows {what} {where}: full administrator access split over statements. Grant the specific actions needed (least privilege).");
        }

        public void PolicyVariables(string path, PolicyDocument document)
        {
            if (!settings.Enabled || document.EffectiveVersion != PolicyDocument.DefaultVersion) return;
            var statement = document.Statements.FirstOrDefault(s =>
                (s.Resource?.Resources.Any(HasVariable) ?? false) || s.Conditions.Any(c => c.Values.Any(HasVariable)));
            if (statement is not null)
            {
                Add(GuardrailSeverity.Warning, GuardrailRules.PolicyVariablesNeedVersion, $"{path}.{statement.Path}",
                    $"uses a policy variable (\"${{...}}\") but the document's Version is {(document.Version is null ? "missing (so 2008-10-17)" : "2008-10-17")}, where variables are literal text. Set \"Version\": \"2012-10-17\".");
            }
        }

        private static bool HasVariable(string value) => value.Contains("${", StringComparison.Ordinal);

        public void TrustDocument(string path, PolicyDocument document)
        {
            var canBeAssumed = false;
            foreach (var statement in document.Statements)
            {
                var at = $"{path}.{statement.Path}";
                if (statement.Principal is null)
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.TrustPolicyPrincipal, at,
                        "a trust policy statement must name a Principal (who may assume the role).");
                }

                if (statement.Resource is { } resource)
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.TrustPolicyResource, $"{at}.{resource.ElementName}",
                        $"a trust policy cannot have {resource.ElementName}: the resource is the role itself (IAM refuses it: \"Has prohibited field Resource\").");
                }
                // IAM refuses any other action in a trust policy, in Allow and Deny statements alike ("AssumeRole policy
                // may only specify STS AssumeRole actions"), and a NotAction names the actions it leaves out.
                var other = statement.Action.Actions.Where(a => !MatchesAny(a, TrustActions)).ToList();
                if (other.Count > 0)
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.TrustPolicyAction, $"{at}.{statement.Action.ElementName}",
                        $"{Quote(other)} {(other.Count == 1 ? "is not a role trust action" : "are not role trust actions")}; a trust policy may name only {string.Join(", ", TrustActions)} "
                        + "(IAM refuses it: \"AssumeRole policy may only specify STS AssumeRole actions\").");
                }

                if (statement.Effect != PolicyEffect.Allow) continue;

                canBeAssumed |= !statement.Action.IsNotAction && statement.Action.Actions.Any(a => MatchesAny(a, AssumeActions));
                if (!settings.Enabled) continue;

                if (statement.Principal is { } principal && TrustsAnyone(principal) is { } anyone)
                {
                    if (statement.Conditions.Count == 0)
                    {
                        Add(GuardrailSeverity.Violation, GuardrailRules.TrustWildcardPrincipal, $"{at}.{principal.ElementName}",
                            $"trusts {anyone} with no Condition: anyone, in any account, can assume this role. Name the accounts, roles, services or identity providers that may assume it.");
                    }
                    else if (TrustConditions.Limiting(statement.Conditions) is { } limit)
                    {
                        Add(GuardrailSeverity.Warning, GuardrailRules.TrustWildcardPrincipal, $"{at}.{principal.ElementName}",
                            $"trusts {anyone}, including other accounts and anonymous callers, limited only by its Condition ({limit.Operator} on {limit.Key}). Name the accounts, roles or services that may assume the role.");
                    }
                    else
                    {
                        Add(GuardrailSeverity.Violation, GuardrailRules.TrustWildcardPrincipal, $"{at}.Condition",
                            $"trusts {anyone} with a Condition that does not say who ({Quote(statement.Conditions.Select(c => $"{c.Operator} {c.Key}"))}): any caller, in any account, can meet it. "
                            + "Limit it with a positive comparison that names an account, organization or role (StringEquals on aws:PrincipalAccount, aws:PrincipalOrgID or sts:ExternalId; ArnEquals/ArnLike on aws:PrincipalArn with the account written out), or name the principals.");
                    }
                }
                if (statement.Action.IsNotAction && other.Count == 0)
                {
                    Add(GuardrailSeverity.Warning, GuardrailRules.TrustPolicyAction, $"{at}.NotAction",
                        $"{Quote(statement.Action.Actions)} as NotAction allows every other action; a trust policy allows {string.Join(", ", TrustActions)}: list them with Action.");
                }
            }
            if (settings.Enabled && !canBeAssumed)
            {
                Add(GuardrailSeverity.Warning, GuardrailRules.TrustPolicyAction, path,
                    "no Allow statement grants sts:AssumeRole, sts:AssumeRoleWithWebIdentity or sts:AssumeRoleWithSAML: nobody can assume this role.");
            }
        }

        public void Sizes()
        {
            if (subject.Kind == IamEntityKind.Policy)
            {
                foreach (var (path, document) in subject.PermissionDocuments)
                {
                    if (document.IamSize > IamPolicySizeLimits.ManagedPolicy)
                    {
                        Add(GuardrailSeverity.Violation, GuardrailRules.PolicySize, path,
                            $"is {document.IamSize} characters (whitespace not counted); IAM allows {IamPolicySizeLimits.ManagedPolicy} for a managed policy. Split it into several policies.");
                    }
                }
            }
            else if (subject.PermissionDocuments.Count > 0)
            {
                var limit = subject.Kind switch
                {
                    IamEntityKind.User => IamPolicySizeLimits.UserInlineTotal,
                    IamEntityKind.Group => IamPolicySizeLimits.GroupInlineTotal,
                    _ => IamPolicySizeLimits.RoleInlineTotal,
                };
                var total = subject.PermissionDocuments.Sum(d => d.Document.IamSize);
                if (total > limit)
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.PolicySize, subject.PermissionDocuments[^1].FieldPath,
                        $"brings the inline policies to {total} characters (whitespace not counted); IAM allows {limit} in total for a {subject.Kind.ToString().ToLowerInvariant()}. Move permissions into managed policies (IamPolicy).");
                }
            }
            if (subject.TrustDocument is var (trustPath, trust) && trust.IamSize > settings.MaxTrustPolicySize)
            {
                Add(GuardrailSeverity.Violation, GuardrailRules.PolicySize, trustPath,
                    $"is {trust.IamSize} characters (whitespace not counted); the account's trust policy quota is {settings.MaxTrustPolicySize}.");
            }
        }

        public void ManagedPolicies()
        {
            foreach (var (path, arn) in subject.ManagedPolicyArns)
            {
                var violated = false;
                if (settings.AllowedManagedPolicyArns.Count > 0 && !settings.AllowedManagedPolicyArns.Any(p => IamWildcard.Matches(p, arn, StringComparison.Ordinal)))
                {
                    Add(GuardrailSeverity.Violation, GuardrailRules.ManagedPolicyNotAllowed, path,
                        $"\"{arn}\" is not in the operator's allowed managed policies ({Quote(settings.AllowedManagedPolicyArns)}).");
                    violated = true;
                }
                foreach (var denied in settings.DeniedManagedPolicies)
                {
                    if (!IamWildcard.Matches(denied.PolicyArn, arn, StringComparison.Ordinal) || denied.ExceptNamespaces.Contains(subject.Namespace)) continue;
                    var where = denied.ExceptNamespaces.Count == 0 ? "in any namespace" : $"outside namespaces {Quote(denied.ExceptNamespaces)}";
                    Add(GuardrailSeverity.Violation, GuardrailRules.ManagedPolicyDenied, path,
                        $"\"{arn}\" is denied by the operator's settings ({denied.PolicyArn}) {where}.");
                    violated = true;
                }
                if (settings.Enabled && !violated && IsAdministratorAccess(arn))
                {
                    Add(GuardrailSeverity.Warning, GuardrailRules.AdministratorAccessAttached, path,
                        "attaches AdministratorAccess: full access to every service and resource. Keep its holders few, require MFA, and review them regularly.");
                }
            }
        }

        public void PermissionsBoundary()
        {
            if (settings.RequiredPermissionsBoundaryArn is not { } required || subject.Kind is not (IamEntityKind.User or IamEntityKind.Role)) return;
            if (subject.PermissionsBoundaryArn is null)
            {
                Add(GuardrailSeverity.Violation, GuardrailRules.PermissionsBoundaryRequired, subject.PermissionsBoundaryFieldPath,
                    $"is missing; the operator requires every user and role to have the permissions boundary \"{required}\".");
            }
            else if (!string.Equals(subject.PermissionsBoundaryArn, required, StringComparison.Ordinal))
            {
                Add(GuardrailSeverity.Violation, GuardrailRules.PermissionsBoundaryRequired, subject.PermissionsBoundaryFieldPath,
                    $"is \"{subject.PermissionsBoundaryArn}\"; the operator requires \"{required}\".");
            }
        }

        public void NamePrefix()
        {
            if (!settings.RequiredNamePrefixes.TryGetValue(subject.Namespace, out var prefix) || subject.IamName.StartsWith(prefix, StringComparison.Ordinal)) return;
            Add(GuardrailSeverity.Violation, GuardrailRules.NamePrefixRequired, subject.NameFieldPath,
                $"is \"{subject.IamName}\"; the operator requires IAM names in namespace \"{subject.Namespace}\" to start with \"{prefix}\".");
        }

        // Who a trust statement lets in when it names no one in particular: "*", a "*" of any principal type
        // (AWS, Federated, Service, CanonicalUser: IAM takes no partial wildcards there), or NotPrincipal
        // with Allow (everyone but the few it lists).
        private static string? TrustsAnyone(PrincipalBlock principal)
        {
            if (principal.IsNotPrincipal) return "every principal except those in NotPrincipal";
            if (principal.IsWildcard) return "every principal (\"*\")";
            var wildcard = principal.Entries.FirstOrDefault(e => e.Identifiers.Any(i => i.Contains('*', StringComparison.Ordinal)));
            return wildcard is null ? null : $"every principal ({{\"{wildcard.Type}\": \"{wildcard.Identifiers.First(i => i.Contains('*', StringComparison.Ordinal))}\"}})";
        }

        private static bool MatchesAny(string pattern, string[] actions) =>
            actions.Any(a => IamWildcard.Matches(pattern, a, StringComparison.OrdinalIgnoreCase));

        private static bool IsAdministratorAccess(string arn) =>
            IamWildcard.Matches("arn:*:iam::aws:policy/AdministratorAccess", arn, StringComparison.Ordinal);

        private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));

        private void Add(GuardrailSeverity severity, string rule, string path, string problem) =>
            findings.Add(new GuardrailFinding(severity, rule, path, $"{entity}: {path} {problem}"));
    }
}
