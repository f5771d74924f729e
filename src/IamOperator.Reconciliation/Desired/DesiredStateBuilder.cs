using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IamOperator.Policies;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// Pure: a resource's spec + settings + resolved references → the IAM entity it declares, with
/// documents as the manifest writes them (compared in canonical form). Spec errors and unresolved references are collected, not thrown,
/// so one report names every problem of the resource.
/// </summary>
public static partial class DesiredStateBuilder
{
    public const string DefaultNamespace = "default";

    // IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    public const int ManagedPolicyMaxSize = 6144;
    public const int TrustPolicyMaxSize = 2048;
    public const int UserInlineMaxSize = 2048;
    public const int GroupInlineMaxSize = 5120;
    public const int RoleInlineMaxSize = 10240;
    public const int MaxTags = 50;
    public const int MaxGroupsPerUser = 10;
    public const int MaxManagedPoliciesPerEntity = 20;

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]+$")] private static partial Regex NamePattern();
    [GeneratedRegex(@"^/([\x21-\x7E]*/)?$")] private static partial Regex PathPattern();
    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")] private static partial Regex TagKeyPattern();
    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")] private static partial Regex TagValuePattern();
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/([\x21-\x7E]*/)?[A-Za-z0-9_+=,.@-]+$")] private static partial Regex ManagedPolicyArnPattern();
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/(?<issuer>[\x21-\x7E]+)$")] private static partial Regex OidcProviderArnPattern();
    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")] private static partial Regex ServicePrincipalPattern();
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")] private static partial Regex KubernetesNamePattern();

    /// <summary>Who the entity is and who owns it; needs only metadata and the common spec fields.</summary>
    public static EntityIdentity Identify(IIamResource resource, ReconcileSettings settings)
    {
        var kind = KindOf(resource);
        var ns = string.IsNullOrEmpty(resource.Metadata.NamespaceProperty) ? DefaultNamespace : resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name ?? "";
        var spec = resource.Spec;
        return new EntityIdentity(
            kind,
            new ResourceKey(resource.Kind, ns, name),
            string.IsNullOrEmpty(spec.IamName) ? name : spec.IamName,
            string.IsNullOrEmpty(spec.Path) ? "/" : spec.Path,
            $"{settings.OwnerId}/{ns}/{name}",
            spec.DeletionPolicy,
            spec.AdoptionPolicy);
    }

    public static IamEntityKind KindOf(IIamResource resource) => resource switch
    {
        IamPolicy => IamEntityKind.Policy,
        IamGroup => IamEntityKind.Group,
        IamUser => IamEntityKind.User,
        IamServiceRole => IamEntityKind.Role,
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource.Kind, "not one of IamPolicy, IamGroup, IamUser, IamServiceRole"),
    };

    public static DesiredState Build(IIamResource resource, ReconcileSettings settings, IResourceLookup lookup)
    {
        var context = new BuildContext(Identify(resource, settings), lookup);
        context.CheckIdentity();
        DesiredEntity? entity = resource switch
        {
            IamGroup group => BuildGroup(context, group.Spec),
            IamUser user => BuildUser(context, user.Spec, settings),
            IamServiceRole role => BuildRole(context, role.Spec),
            IamPolicy policy => BuildPolicy(context, policy.Spec),
            _ => null,
        };
        var valid = context.Problems.Count == 0 && context.Missing.Count == 0 && entity is not null;
        return new DesiredState(context.Identity, valid ? entity : null, valid ? context.Subject() : null, context.Problems, context.Missing);
    }

    private static DesiredGroup BuildGroup(BuildContext context, IamGroupSpec spec)
    {
        var (managed, inline) = context.Permissions(spec.Permissions, GroupInlineMaxSize - MarkerSize(context.Identity.Owner));
        return new DesiredGroup(context.Identity, managed, inline);
    }

    private static DesiredUser BuildUser(BuildContext context, IamUserSpec spec, ReconcileSettings settings)
    {
        var tags = context.Tags(spec.Tags);
        var groups = new List<string>();
        for (var i = 0; i < (spec.GroupRefs?.Count ?? 0); i++)
        {
            var reference = spec.GroupRefs![i];
            if (context.Resolve(IamGroup.KindName, reference, $"spec.groupRefs[{i}]") is { } group) groups.Add(group.IamName);
        }
        for (var i = 0; i < (spec.GroupNames?.Count ?? 0); i++)
        {
            var groupName = spec.GroupNames![i];
            if (context.CheckName(groupName, 128, $"spec.groupNames[{i}]")) groups.Add(groupName);
        }
        var distinctGroups = groups.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (distinctGroups.Count > MaxGroupsPerUser)
            context.Problem("spec.groupRefs/spec.groupNames", $"a user can be in at most {MaxGroupsPerUser} groups; {distinctGroups.Count} declared");
        var (managed, inline) = context.Permissions(spec.Permissions, UserInlineMaxSize);
        var boundary = context.Boundary(spec.PermissionsBoundary);
        if (spec.AccessKeyMaxAgeDays is < 1)
            context.Problem("spec.accessKeyMaxAgeDays", $"must be at least 1 day; got {spec.AccessKeyMaxAgeDays}");
        return new DesiredUser(context.Identity, tags, distinctGroups, managed, inline, boundary,
            spec.AccessKeyMaxAgeDays ?? settings.DefaultAccessKeyMaxAgeDays, spec.RequireMfa ?? true);
    }

    private static DesiredRole? BuildRole(BuildContext context, IamServiceRoleSpec spec)
    {
        var tags = context.Tags(spec.Tags);
        var trust = context.Trust(spec.Trust, out var trustsEc2);
        var maxSession = spec.MaxSessionDurationSeconds ?? DesiredRole.DefaultMaxSessionDurationSeconds;
        if (maxSession is < 3600 or > 43200)
            context.Problem("spec.maxSessionDurationSeconds", $"must be between 3600 and 43200 seconds; got {maxSession}");
        var description = spec.Description ?? "";
        if (description.Length > 1000) context.Problem("spec.description", $"at most 1000 characters; got {description.Length}");
        var (managed, inline) = context.Permissions(spec.Permissions, RoleInlineMaxSize);
        var boundary = context.Boundary(spec.PermissionsBoundary);
        if (trust is null) return null;
        return new DesiredRole(context.Identity, tags, trust, description, maxSession, managed, inline, boundary,
            spec.InstanceProfile?.Enabled ?? trustsEc2);
    }

    private static DesiredPolicy? BuildPolicy(BuildContext context, IamPolicySpec spec)
    {
        var tags = context.Tags(spec.Tags);
        if (spec.Description is { Length: > 1000 }) context.Problem("spec.description", $"at most 1000 characters; got {spec.Description.Length}");
        var document = context.Document(spec.Document, "spec.document", ManagedPolicyMaxSize, permission: true);
        return document is null ? null : new DesiredPolicy(context.Identity, tags, document, spec.Description);
    }

    private static int MarkerSize(string owner) => GroupOwnershipMarker.Document(owner).Length;

    /// <summary>Collects problems, resolved references and the guardrail subject while one resource is built.</summary>
    private sealed class BuildContext(EntityIdentity identity, IResourceLookup lookup)
    {
        public EntityIdentity Identity { get; } = identity;
        public List<string> Problems { get; } = [];
        public List<string> Missing { get; } = [];
        private readonly List<(string, string)> managedArns = [];
        private readonly List<(string, PolicyDocument)> documents = [];
        private (string, PolicyDocument)? trustDocument;
        private string? boundaryArn;

        public void Problem(string field, string message) => Problems.Add($"{field}: {message}");

        public GuardrailSubject Subject() => new(
            Identity.Resource.Namespace,
            Identity.Kind switch
            {
                IamEntityKind.User => GuardedEntityKind.User,
                IamEntityKind.Group => GuardedEntityKind.Group,
                IamEntityKind.Role => GuardedEntityKind.Role,
                _ => GuardedEntityKind.Policy,
            },
            Identity.IamName, managedArns, documents, trustDocument, boundaryArn);

        public void CheckIdentity()
        {
            var max = Identity.Kind is IamEntityKind.User or IamEntityKind.Role ? 64 : 128;
            CheckName(Identity.IamName, max, "spec.iamName (defaults to metadata.name)");
            if (Identity.Path.Length > 512 || !PathPattern().IsMatch(Identity.Path))
                Problem("spec.path", $"'{Identity.Path}' is not an IAM path: it must start and end with '/', use printable ASCII without spaces, and be at most 512 characters");
            if (Identity.Owner.Length > 256)
                Problem("metadata.name", $"the owner tag value '{Identity.Owner}' is longer than IAM's 256 characters; use a shorter namespace, name or owner id");
        }

        public bool CheckName(string name, int max, string field)
        {
            if (name.Length is 0 || name.Length > max || !NamePattern().IsMatch(name))
            {
                Problem(field, $"'{name}' is not a valid IAM name: 1 to {max} characters of letters, digits and _+=,.@-");
                return false;
            }
            return true;
        }

        public IReadOnlyDictionary<string, string> Tags(Dictionary<string, string>? declared)
        {
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in declared ?? [])
            {
                var field = $"spec.tags[{key}]";
                if (key == EntityIdentity.OwnerTagKey) Problem(field, $"the tag key '{EntityIdentity.OwnerTagKey}' is reserved for the operator's owner tag");
                else if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) Problem(field, "tag keys starting with 'aws:' are reserved by AWS");
                else if (key.Length > 128 || !TagKeyPattern().IsMatch(key)) Problem(field, "a tag key is 1 to 128 letters, digits, spaces and _.:/=+-@");
                else if (value.Length > 256 || !TagValuePattern().IsMatch(value)) Problem(field, "a tag value is up to 256 letters, digits, spaces and _.:/=+-@");
                else tags[key] = value;
            }
            tags[EntityIdentity.OwnerTagKey] = Identity.Owner;
            if (tags.Count > MaxTags) Problem("spec.tags", $"IAM allows {MaxTags} tags including the owner tag; {tags.Count} declared");
            return tags;
        }

        public (IReadOnlyList<string> Managed, IReadOnlyDictionary<string, string> Inline) Permissions(PermissionsSpec? spec, int inlineMaxSize)
        {
            var managed = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (spec?.ManagedPolicyArns?.Count ?? 0); i++)
            {
                var arn = spec!.ManagedPolicyArns![i];
                var field = $"spec.permissions.managedPolicyArns[{i}]";
                if (!ManagedPolicyArnPattern().IsMatch(arn)) Problem(field, $"'{arn}' is not a managed policy ARN (arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/PATH/NAME)");
                else { managed.Add(arn); managedArns.Add((field, arn)); }
            }
            for (var i = 0; i < (spec?.PolicyRefs?.Count ?? 0); i++)
            {
                var field = $"spec.permissions.policyRefs[{i}]";
                if (Resolve(IamPolicy.KindName, spec!.PolicyRefs![i], field) is { Arn: { } arn })
                {
                    managed.Add(arn);
                    managedArns.Add((field, arn));
                }
            }
            if (managed.Count > MaxManagedPoliciesPerEntity)
                Problem("spec.permissions", $"IAM allows at most {MaxManagedPoliciesPerEntity} managed policies per entity; {managed.Count} declared");

            var inline = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var totalSize = 0;
            for (var i = 0; i < (spec?.InlinePolicies?.Count ?? 0); i++)
            {
                var policy = spec!.InlinePolicies![i];
                var field = $"spec.permissions.inlinePolicies[{i}]";
                if (!CheckName(policy.Name, 128, field + ".name")) continue;
                if (GroupOwnershipMarker.IsMarker(policy.Name)) { Problem(field + ".name", $"'{policy.Name}' is reserved for the operator's group ownership marker"); continue; }
                if (inline.Keys.Any(k => string.Equals(k, policy.Name, StringComparison.OrdinalIgnoreCase))) { Problem(field + ".name", $"duplicate inline policy name '{policy.Name}'"); continue; }
                var document = Document(policy.Document, field + ".document", int.MaxValue, permission: true, out var size);
                if (document is null) continue;
                totalSize += size;
                inline[policy.Name] = document;
            }
            if (totalSize > inlineMaxSize)
                Problem("spec.permissions.inlinePolicies", $"inline policies total {totalSize} characters (whitespace not counted); IAM allows {inlineMaxSize} for a {Identity.Kind.ToString().ToLowerInvariant()}");
            return (managed.ToList(), inline);
        }

        public string? Boundary(PermissionsBoundarySpec? spec)
        {
            if (spec is null) return null;
            if (spec.PolicyArn is not null && spec.PolicyRef is not null)
            {
                Problem("spec.permissionsBoundary", "give either policyArn or policyRef, not both");
                return null;
            }
            if (spec.PolicyArn is { } arn)
            {
                if (!ManagedPolicyArnPattern().IsMatch(arn)) { Problem("spec.permissionsBoundary.policyArn", $"'{arn}' is not a managed policy ARN"); return null; }
                return boundaryArn = arn;
            }
            if (spec.PolicyRef is { } reference)
                return boundaryArn = Resolve(IamPolicy.KindName, reference, "spec.permissionsBoundary.policyRef")?.Arn;
            Problem("spec.permissionsBoundary", "give policyArn or policyRef");
            return null;
        }

        public ResolvedDependency? Resolve(string kind, ResourceRef reference, string field)
        {
            if (string.IsNullOrEmpty(reference.Name)) { Problem(field + ".name", "a reference needs a name"); return null; }
            var ns = string.IsNullOrEmpty(reference.Namespace) ? Identity.Resource.Namespace : reference.Namespace;
            var found = lookup.Find(kind, ns, reference.Name);
            if (found is null) { Missing.Add($"{kind} {ns}/{reference.Name} ({field}) is not declared"); return null; }
            if (!found.Ready || (kind == IamPolicy.KindName && found.Arn is null)) { Missing.Add($"{kind} {ns}/{reference.Name} ({field}) is not Ready yet"); return null; }
            return found;
        }

        public string? Document(JsonElement element, string field, int maxSize, bool permission) =>
            Document(element, field, maxSize, permission, out _);

        public string? Document(JsonElement element, string field, int maxSize, bool permission, out int size)
        {
            size = 0;
            if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) { Problem(field, "a policy document is required"); return null; }
            PolicyDocument document;
            try
            {
                document = PolicyDocument.FromJson(element);
            }
            catch (PolicyDocumentException e)
            {
                Problem(field, e.Message);
                return null;
            }
            return Accept(document, Written(element), field, maxSize, permission, out size);
        }

        /// <summary>
        /// The document as the manifest writes it, compact: what is sent to IAM (and what auditors read there).
        /// The canonical form is only ever compared, never sent.
        /// </summary>
        private static string Written(JsonElement element)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                element.WriteTo(writer);
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        private string? Accept(PolicyDocument document, string written, string field, int maxSize, bool permission, out int size)
        {
            // IAM counts what it is sent.
            size = Observed.PolicyText.IamSize(written);
            if (size > maxSize) { Problem(field, $"the document is {size} characters (whitespace not counted); IAM allows {maxSize}"); return null; }
            if (permission) documents.Add((field, document));
            else trustDocument = (field, document);
            return written;
        }

        public string? Trust(TrustSpec trust, out bool trustsEc2)
        {
            trustsEc2 = false;
            var forms = (trust.Services is { Count: > 0 } ? 1 : 0) + (trust.ServiceAccounts is not null ? 1 : 0)
                + (trust.Document is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } ? 1 : 0);
            if (forms != 1)
            {
                Problem("spec.trust", $"give exactly one of services, serviceAccounts or document; {forms} given");
                return null;
            }
            JsonObject statement;
            if (trust.Services is { Count: > 0 } services)
            {
                var principals = new JsonArray();
                for (var i = 0; i < services.Count; i++)
                {
                    if (!ServicePrincipalPattern().IsMatch(services[i])) { Problem($"spec.trust.services[{i}]", $"'{services[i]}' is not an AWS service principal (e.g. ec2.amazonaws.com)"); continue; }
                    principals.Add(services[i]);
                }
                trustsEc2 = services.Contains("ec2.amazonaws.com");
                statement = new JsonObject
                {
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["Service"] = principals },
                    ["Action"] = "sts:AssumeRole",
                };
            }
            else if (trust.ServiceAccounts is { } accounts)
            {
                var match = OidcProviderArnPattern().Match(accounts.OidcProviderArn);
                if (!match.Success) { Problem("spec.trust.serviceAccounts.oidcProviderArn", $"'{accounts.OidcProviderArn}' is not an OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/ISSUER)"); return null; }
                if (accounts.Subjects.Count == 0) { Problem("spec.trust.serviceAccounts.subjects", "name at least one service account"); return null; }
                var subjects = new JsonArray();
                for (var i = 0; i < accounts.Subjects.Count; i++)
                {
                    var subject = accounts.Subjects[i];
                    if (!KubernetesNamePattern().IsMatch(subject.Namespace) || !KubernetesNamePattern().IsMatch(subject.Name))
                    {
                        Problem($"spec.trust.serviceAccounts.subjects[{i}]", $"'{subject.Namespace}/{subject.Name}' is not a Kubernetes namespace/name (lowercase letters, digits, '-')");
                        continue;
                    }
                    subjects.Add($"system:serviceaccount:{subject.Namespace}:{subject.Name}");
                }
                var issuer = match.Groups["issuer"].Value;
                statement = new JsonObject
                {
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["Federated"] = accounts.OidcProviderArn },
                    ["Action"] = "sts:AssumeRoleWithWebIdentity",
                    ["Condition"] = new JsonObject
                    {
                        ["StringEquals"] = new JsonObject { [$"{issuer}:sub"] = subjects, [$"{issuer}:aud"] = "sts.amazonaws.com" },
                    },
                };
            }
            else
            {
                var written = Document(trust.Document!.Value, "spec.trust.document", TrustPolicyMaxSize, permission: false);
                trustsEc2 = written is not null && trustDocument is { } accepted
                    && accepted.Item2.ToCanonicalJson().Contains("\"ec2.amazonaws.com\"", StringComparison.Ordinal);
                return written;
            }
            if (Problems.Count > 0) return null;
            var text = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString();
            try
            {
                return Accept(PolicyDocument.Parse(text), text, "spec.trust", TrustPolicyMaxSize, permission: false, out _);
            }
            catch (PolicyDocumentException e)
            {
                Problem("spec.trust", e.Message);
                return null;
            }
        }
    }
}
