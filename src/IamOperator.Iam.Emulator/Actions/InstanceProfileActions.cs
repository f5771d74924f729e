using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Instance profiles (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html):
/// a container for one role that EC2 instances assume.
/// </summary>
internal sealed class InstanceProfileActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("CreateInstanceProfile", CreateInstanceProfile);
        table.Read("GetInstanceProfile", request => Result(E("InstanceProfile", Shapes.InstanceProfile(account.ReadInstanceProfile(Name(request)), withTags: true))));
        table.Write("DeleteInstanceProfile", DeleteInstanceProfile);
        table.Read("ListInstanceProfiles", ListInstanceProfiles);
        table.Write("AddRoleToInstanceProfile", AddRoleToInstanceProfile);
        table.Write("RemoveRoleFromInstanceProfile", RemoveRoleFromInstanceProfile);
        table.Read("ListInstanceProfilesForRole", ListInstanceProfilesForRole);
    }

    private XElement CreateInstanceProfile(IamRequest request)
    {
        var name = Name(request);
        var path = NameRules.Path(request);
        var tags = NameRules.Tags(request, StringComparer.Ordinal);
        if (account.InstanceProfiles.Exists(name))
        {
            throw IamError.EntityAlreadyExists($"Instance Profile {name} already exists.").ToException();
        }

        if (account.InstanceProfiles.Count >= account.Quotas.InstanceProfiles)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for InstanceProfilesPerAccount: {account.Quotas.InstanceProfiles}").ToException();
        }

        if (tags.Count > account.Quotas.TagsPerResource)
        {
            throw TagQuota.Exceeded(account.Quotas.TagsPerResource);
        }

        var profile = new InstanceProfileEntity
        {
            Name = name,
            Id = IamAccount.NewUniqueId("AIPA"),
            Path = path,
            Arn = account.Arn("instance-profile", path, name),
            CreateDate = account.Now,
        };
        profile.Tags.Set(tags);
        account.InstanceProfiles.Add(profile);
        return Result(E("InstanceProfile", Shapes.InstanceProfile(profile, withTags: true)));
    }

    private XElement? DeleteInstanceProfile(IamRequest request)
    {
        var profile = account.RequireInstanceProfile(Name(request));
        if (profile.Roles.Count > 0)
        {
            throw IamError.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.").ToException();
        }

        account.InstanceProfiles.Remove(profile);
        return null;
    }

    private XElement ListInstanceProfiles(IamRequest request)
    {
        var prefix = NameRules.PathPrefix(request);
        var profiles = account.InstanceProfiles.Visible().Where(profile => profile.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = Pagination.Of(request, profiles, profile => profile.Name);
        return Result(page.Members("InstanceProfiles", profile => Shapes.InstanceProfile(profile, withTags: false)), page.Footer());
    }

    /// <summary>An instance profile holds at most one role (a quota IAM does not raise).</summary>
    private XElement? AddRoleToInstanceProfile(IamRequest request)
    {
        var profile = account.RequireInstanceProfile(Name(request));
        var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        if (profile.Roles.Count >= account.Quotas.RolesPerInstanceProfile)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for InstanceSessionsPerInstanceProfile: {account.Quotas.RolesPerInstanceProfile}").ToException();
        }

        profile.Roles.Add(role);
        return null;
    }

    private XElement? RemoveRoleFromInstanceProfile(IamRequest request)
    {
        var profile = account.RequireInstanceProfile(Name(request));
        var role = account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        if (!profile.Roles.Remove(role))
        {
            throw IamError.NoSuchEntity($"The role with name {role.Name} cannot be found in instance profile {profile.Name}.").ToException();
        }

        return null;
    }

    private XElement ListInstanceProfilesForRole(IamRequest request)
    {
        var role = account.ReadRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength));
        var profiles = account.InstanceProfiles.Visible().Where(profile => profile.Roles.Contains(role)).ToList();
        var page = Pagination.Of(request, profiles, profile => profile.Name);
        return Result(page.Members("InstanceProfiles", profile => Shapes.InstanceProfile(profile, withTags: false)), page.Footer());
    }

    private static string Name(IamRequest request) => NameRules.Name(request, "InstanceProfileName", NameRules.InstanceProfileNameLength);
}
