using System.Text.RegularExpressions;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>CreateRole, GetRole, UpdateRole, UpdateAssumeRolePolicy, DeleteRole, ListRoles (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).</summary>
internal sealed partial class RoleActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("CreateRole", CreateRole);
        table.Read("GetRole", GetRole);
        table.Write("UpdateRole", UpdateRole);
        table.Write("UpdateRoleDescription", UpdateRoleDescription);
        table.Write("UpdateAssumeRolePolicy", UpdateAssumeRolePolicy);
        table.Write("DeleteRole", DeleteRole);
        table.Read("ListRoles", ListRoles);
    }

    private XElement CreateRole(IamRequest request)
    {
        var name = NameRules.Name(request, "RoleName", NameRules.RoleNameLength);
        var path = NameRules.Path(request);
        var trust = TrustPolicy(request);
        var description = Description(request);
        var maxSession = MaxSessionDuration(request) ?? 3600;
        var boundary = request.Optional("PermissionsBoundary");
        var tags = NameRules.Tags(request, StringComparer.OrdinalIgnoreCase);
        if (account.Roles.Exists(name))
        {
            throw IamError.EntityAlreadyExists($"Role with name {name} already exists.").ToException();
        }

        if (account.Roles.Count >= account.Quotas.Roles)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for RolesPerAccount: {account.Quotas.Roles}").ToException();
        }

        if (tags.Count > account.Quotas.TagsPerResource)
        {
            throw TagQuota.Exceeded(account.Quotas.TagsPerResource);
        }

        if (boundary is not null)
        {
            Boundaries.Check(account, boundary);
        }

        var role = new RoleEntity
        {
            Name = name,
            Id = IamAccount.NewUniqueId("AROA"),
            Path = path,
            Arn = account.Arn("role", path, name),
            CreateDate = account.Now,
            AssumeRolePolicyDocument = trust,
            Description = description,
            MaxSessionDuration = maxSession,
            PermissionsBoundaryArn = boundary,
        };
        role.Tags.Set(tags);
        account.Roles.Add(role);
        return Result(E("Role", Shapes.Role(role, withDetails: true)));
    }

    private XElement GetRole(IamRequest request) =>
        Result(E("Role", Shapes.Role(account.ReadRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength)), withDetails: true)));

    private XElement? UpdateRole(IamRequest request)
    {
        var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        var description = Description(request);
        var maxSession = MaxSessionDuration(request);
        role.Description = description ?? role.Description;
        role.MaxSessionDuration = maxSession ?? role.MaxSessionDuration;
        return Result(); // UpdateRole answers an empty UpdateRoleResult.
    }

    private XElement UpdateRoleDescription(IamRequest request)
    {
        var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        role.Description = Description(request) ?? throw IamError.Validation("description", null, "Member must not be null").ToException();
        return Result(E("Role", Shapes.Role(role, withDetails: true)));
    }

    private XElement? UpdateAssumeRolePolicy(IamRequest request)
    {
        var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        role.AssumeRolePolicyDocument = TrustPolicy(request, "PolicyDocument");
        return null;
    }

    /// <summary>https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html: no instance profiles, inline or attached policies may remain.</summary>
    private XElement? DeleteRole(IamRequest request)
    {
        var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        var conflict =
            account.InstanceProfiles.All.Any(profile => profile.Roles.Contains(role)) ? "must remove roles from instance profile first" :
            role.InlinePolicies.Count > 0 ? "must delete policies first" :
            role.AttachedPolicyArns.Count > 0 ? "must detach all policies first" :
            null;
        if (conflict is not null)
        {
            throw IamError.DeleteConflict($"Cannot delete entity, {conflict}.").ToException();
        }

        account.Roles.Remove(role);
        return null;
    }

    private XElement ListRoles(IamRequest request)
    {
        var prefix = NameRules.PathPrefix(request);
        var roles = account.Roles.Visible().Where(role => role.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = Pagination.Of(request, roles, role => role.Name);
        return Result(page.Members("Roles", role => Shapes.Role(role, withDetails: false)), page.Footer());
    }

    /// <summary>A trust policy: the character set, the trust-policy size quota, then trust grammar (Principal required).</summary>
    private string TrustPolicy(IamRequest request, string parameter = "AssumeRolePolicyDocument")
    {
        var document = PolicyDocumentValidator.Parameter(request, parameter);
        if (PolicyDocumentValidator.Size(document) > account.Quotas.RoleTrustPolicySize)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for ACLSizePerRole: {account.Quotas.RoleTrustPolicySize}").ToException();
        }

        PolicyDocumentValidator.Validate(document, PolicyDocumentKind.Trust, AwsPrincipalExists);
        return document;
    }

    /// <summary>
    /// IAM refuses a trust policy naming a user or role that does not exist. Only this account's can be
    /// checked here; other accounts' principals are taken as they are.
    /// </summary>
    private bool AwsPrincipalExists(string principal)
    {
        var prefix = $"arn:aws:iam::{account.AccountId}:";
        if (!principal.StartsWith(prefix, StringComparison.Ordinal) || principal == prefix + "root")
        {
            return true;
        }

        var name = principal[(principal.LastIndexOf('/') + 1)..];
        Entity? entity = principal.StartsWith(prefix + "user/", StringComparison.Ordinal) ? account.Users.FindForWrite(name) : account.Roles.FindForWrite(name);
        return entity is not null && string.Equals(entity.Arn, principal, StringComparison.Ordinal);
    }

    private static string? Description(IamRequest request)
    {
        var description = request.Optional("Description");
        if (description is null)
        {
            return null;
        }

        if (description.Length > 1000)
        {
            throw IamError.Validation("description", description, "Member must have length less than or equal to 1000").ToException();
        }

        if (!DescriptionPattern().IsMatch(description))
        {
            throw IamError.Validation("description", description, @"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*").ToException();
        }

        return description;
    }

    /// <summary>MaxSessionDuration is 3600–43200 seconds.</summary>
    private static int? MaxSessionDuration(IamRequest request)
    {
        var value = request.OptionalInt("MaxSessionDuration");
        return value switch
        {
            null => null,
            < 3600 => throw IamError.Validation("maxSessionDuration", value.ToString(), "Member must have value greater than or equal to 3600").ToException(),
            > 43200 => throw IamError.Validation("maxSessionDuration", value.ToString(), "Member must have value less than or equal to 43200").ToException(),
            _ => value,
        };
    }

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$")]
    private static partial Regex DescriptionPattern();
}
