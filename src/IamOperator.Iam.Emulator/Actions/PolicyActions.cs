using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Managed policies and their versions: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
/// ListEntitiesForPolicy, CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
/// DeletePolicyVersion, SetDefaultPolicyVersion (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html).
/// </summary>
internal sealed class PolicyActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("CreatePolicy", CreatePolicy);
        table.Read("GetPolicy", GetPolicy);
        table.Write("DeletePolicy", DeletePolicy);
        table.Read("ListPolicies", ListPolicies);
        table.Read("ListEntitiesForPolicy", ListEntitiesForPolicy);
        table.Write("CreatePolicyVersion", CreatePolicyVersion);
        table.Read("GetPolicyVersion", GetPolicyVersion);
        table.Read("ListPolicyVersions", ListPolicyVersions);
        table.Write("DeletePolicyVersion", DeletePolicyVersion);
        table.Write("SetDefaultPolicyVersion", SetDefaultPolicyVersion);
    }

    private XElement CreatePolicy(IamRequest request)
    {
        var name = NameRules.Name(request, "PolicyName", NameRules.PolicyNameLength);
        var path = NameRules.Path(request);
        var document = Document(request);
        var description = request.Optional("Description");
        if (description is not null)
        {
            NameRules.Length("Description", description, 0, 1000);
        }

        var tags = NameRules.Tags(request, StringComparer.Ordinal);
        // Names are unique per account regardless of path and case.
        if (account.Policies.All.Any(policy => !policy.IsAwsManaged && policy.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            throw IamError.EntityAlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.").ToException();
        }

        if (account.Policies.All.Count(policy => !policy.IsAwsManaged) >= account.Quotas.CustomerManagedPolicies)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for PoliciesPerAccount: {account.Quotas.CustomerManagedPolicies}").ToException();
        }

        if (tags.Count > account.Quotas.TagsPerResource)
        {
            throw TagQuota.Exceeded(account.Quotas.TagsPerResource);
        }

        var now = account.Now;
        var policy = new ManagedPolicyEntity
        {
            Name = name,
            Id = IamAccount.NewUniqueId("ANPA"),
            Path = path,
            Arn = account.Arn("policy", path, name),
            CreateDate = now,
            UpdateDate = now,
            Description = description,
            NextVersionNumber = 2,
        };
        policy.Versions.Add(new PolicyVersionEntry("v1", document, now) { IsDefault = true });
        policy.Tags.Set(tags);
        account.Policies.Add(policy);
        return Result(E("Policy", Shapes.Policy(account, policy, withDetails: true)));
    }

    private XElement GetPolicy(IamRequest request) =>
        Result(E("Policy", Shapes.Policy(account, account.ReadPolicy(NameRules.Arn(request, "PolicyArn")), withDetails: true)));

    /// <summary>https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html: detach everywhere and delete non-default versions first.</summary>
    private XElement? DeletePolicy(IamRequest request)
    {
        var policy = account.RequirePolicy(NameRules.Arn(request, "PolicyArn"));
        RefuseAwsManaged(policy, "delete");
        if (account.AttachmentCount(policy) > 0)
        {
            throw IamError.DeleteConflict("Cannot delete a policy attached to entities.").ToException();
        }

        if (policy.Versions.Count > 1)
        {
            throw IamError.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.").ToException();
        }

        account.Policies.Remove(policy);
        return null;
    }

    /// <summary>Scope All|AWS|Local, OnlyAttached, PathPrefix, PolicyUsageFilter (PermissionsPolicy|PermissionsBoundary).</summary>
    private XElement ListPolicies(IamRequest request)
    {
        var scope = request.Optional("Scope") ?? "All";
        if (scope is not ("All" or "AWS" or "Local"))
        {
            throw IamError.Validation("scope", scope, "Member must satisfy enum value set: [All, AWS, Local]").ToException();
        }

        var onlyAttached = request.OptionalBool("OnlyAttached") ?? false;
        var usage = request.Optional("PolicyUsageFilter");
        if (usage is not (null or "PermissionsPolicy" or "PermissionsBoundary"))
        {
            throw IamError.Validation("policyUsageFilter", usage, "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]").ToException();
        }

        var prefix = NameRules.PathPrefix(request);
        var policies = account.Policies.Visible()
            .Where(policy => scope == "All" || (scope == "AWS") == policy.IsAwsManaged)
            .Where(policy => policy.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Where(policy => !onlyAttached || account.AttachmentCount(policy) + account.PermissionsBoundaryUsageCount(policy) > 0)
            .Where(policy => usage switch
            {
                "PermissionsPolicy" => account.AttachmentCount(policy) > 0,
                "PermissionsBoundary" => account.PermissionsBoundaryUsageCount(policy) > 0,
                _ => true,
            })
            .ToList();
        var page = Pagination.Of(request, policies, policy => policy.Arn);
        return Result(page.Members("Policies", policy => Shapes.Policy(account, policy, withDetails: false)), page.Footer());
    }

    private XElement ListEntitiesForPolicy(IamRequest request)
    {
        var policy = account.ReadPolicy(NameRules.Arn(request, "PolicyArn"));
        var filter = request.Optional("EntityFilter");
        if (filter is not (null or "User" or "Role" or "Group" or "LocalManagedPolicy" or "AWSManagedPolicy"))
        {
            throw IamError.Validation("entityFilter", filter, "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]").ToException();
        }

        var prefix = NameRules.PathPrefix(request);
        bool Attached(PrincipalEntity principal) =>
            principal.AttachedPolicyArns.Contains(policy.Arn, StringComparer.Ordinal) && principal.Path.StartsWith(prefix, StringComparison.Ordinal);

        // One page over groups, users and roles together, keyed by kind and name.
        var entries = new List<(string Key, XElement Element)>();
        if (filter is null or "Group")
        {
            entries.AddRange(account.Groups.Visible().Where(Attached).Select(group => ("1:" + group.Name, E("PolicyGroups", E("GroupName", group.Name), E("GroupId", group.Id)))));
        }

        if (filter is null or "User")
        {
            entries.AddRange(account.Users.Visible().Where(Attached).Select(user => ("2:" + user.Name, E("PolicyUsers", E("UserName", user.Name), E("UserId", user.Id)))));
        }

        if (filter is null or "Role")
        {
            entries.AddRange(account.Roles.Visible().Where(Attached).Select(role => ("3:" + role.Name, E("PolicyRoles", E("RoleName", role.Name), E("RoleId", role.Id)))));
        }

        var page = Pagination.Of(request, entries, entry => entry.Key);
        XElement Section(string name) => E(name, page.Items.Where(item => item.Element.Name.LocalName == name).Select(item => E("member", item.Element.Nodes())));
        return Result(Section("PolicyGroups"), Section("PolicyUsers"), Section("PolicyRoles"), page.Footer());
    }

    /// <summary>At most five versions (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html).</summary>
    private XElement CreatePolicyVersion(IamRequest request)
    {
        var policy = account.RequirePolicy(NameRules.Arn(request, "PolicyArn"));
        var document = Document(request);
        var setAsDefault = request.OptionalBool("SetAsDefault") ?? false;
        RefuseAwsManaged(policy, "modify");
        if (policy.Versions.Count >= account.Quotas.VersionsPerPolicy)
        {
            throw IamError.LimitExceeded($"A managed policy can have up to {account.Quotas.VersionsPerPolicy} versions. Before you create a new version, you must delete an existing version.").ToException();
        }

        var now = account.Now;
        var version = new PolicyVersionEntry($"v{policy.NextVersionNumber++}", document, now);
        policy.Versions.Add(version);
        if (setAsDefault)
        {
            MakeDefault(policy, version);
        }

        return Result(E("PolicyVersion", Shapes.PolicyVersion(version, withDocument: false)));
    }

    private XElement GetPolicyVersion(IamRequest request)
    {
        var policy = account.ReadPolicy(NameRules.Arn(request, "PolicyArn"));
        return Result(E("PolicyVersion", Shapes.PolicyVersion(Version(policy, request), withDocument: true)));
    }

    private XElement ListPolicyVersions(IamRequest request)
    {
        var policy = account.ReadPolicy(NameRules.Arn(request, "PolicyArn"));
        // Newest first, as IAM lists them; the key orders v10 after v9.
        var versions = policy.Versions.OrderByDescending(version => int.Parse(version.VersionId[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var page = Pagination.Of(request, versions, version => (1_000_000 - int.Parse(version.VersionId[1..], System.Globalization.CultureInfo.InvariantCulture)).ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
        return Result(page.Members("Versions", version => Shapes.PolicyVersion(version, withDocument: false)), page.Footer());
    }

    private XElement? DeletePolicyVersion(IamRequest request)
    {
        var policy = account.RequirePolicy(NameRules.Arn(request, "PolicyArn"));
        var version = Version(policy, request);
        RefuseAwsManaged(policy, "modify");
        if (version.IsDefault)
        {
            throw IamError.DeleteConflict("Cannot delete the default version of a policy.").ToException();
        }

        policy.Versions.Remove(version);
        return null;
    }

    private XElement? SetDefaultPolicyVersion(IamRequest request)
    {
        var policy = account.RequirePolicy(NameRules.Arn(request, "PolicyArn"));
        var version = Version(policy, request);
        RefuseAwsManaged(policy, "modify");
        MakeDefault(policy, version);
        return null;
    }

    private void MakeDefault(ManagedPolicyEntity policy, PolicyVersionEntry version)
    {
        foreach (var other in policy.Versions)
        {
            other.IsDefault = other == version;
        }

        policy.UpdateDate = account.Now;
    }

    private static PolicyVersionEntry Version(ManagedPolicyEntity policy, IamRequest request)
    {
        var versionId = request.Required("VersionId");
        if (!System.Text.RegularExpressions.Regex.IsMatch(versionId, @"^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$"))
        {
            throw IamError.Validation("versionId", versionId, @"Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?").ToException();
        }

        return policy.Versions.Find(version => version.VersionId == versionId)
            ?? throw IamError.NoSuchEntity($"Policy {policy.Arn} version {versionId} does not exist or is not attachable.").ToException();
    }

    /// <summary>A managed policy document: character set, 6,144 non-whitespace characters, identity grammar.</summary>
    private string Document(IamRequest request)
    {
        var document = PolicyDocumentValidator.Parameter(request, "PolicyDocument");
        if (PolicyDocumentValidator.Size(document) > account.Quotas.ManagedPolicySize)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for PolicySize: {account.Quotas.ManagedPolicySize}").ToException();
        }

        PolicyDocumentValidator.Validate(document, PolicyDocumentKind.Identity);
        return document;
    }

    /// <summary>AWS managed policies belong to AWS, not to the account: they cannot be deleted or changed.</summary>
    private static void RefuseAwsManaged(ManagedPolicyEntity policy, string verb)
    {
        if (policy.IsAwsManaged)
        {
            throw new IamError("AccessDenied", $"Cannot {verb} policies outside your own account.", 403).ToException();
        }
    }
}
