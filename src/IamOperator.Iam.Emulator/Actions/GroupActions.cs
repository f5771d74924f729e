using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>Groups and membership: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.</summary>
internal sealed class GroupActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("CreateGroup", CreateGroup);
        table.Read("GetGroup", GetGroup);
        table.Write("UpdateGroup", UpdateGroup);
        table.Write("DeleteGroup", DeleteGroup);
        table.Read("ListGroups", ListGroups);
        table.Write("AddUserToGroup", AddUserToGroup);
        table.Write("RemoveUserFromGroup", RemoveUserFromGroup);
        table.Read("ListGroupsForUser", ListGroupsForUser);
    }

    private XElement CreateGroup(IamRequest request)
    {
        var name = NameRules.Name(request, "GroupName", NameRules.GroupNameLength);
        var path = NameRules.Path(request);
        if (account.Groups.Exists(name))
        {
            throw IamError.EntityAlreadyExists($"Group with name {name} already exists.").ToException();
        }

        if (account.Groups.Count >= account.Quotas.Groups)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for GroupsPerAccount: {account.Quotas.Groups}").ToException();
        }

        var group = new GroupEntity { Name = name, Id = IamAccount.NewUniqueId("AGPA"), Path = path, Arn = account.Arn("group", path, name), CreateDate = account.Now };
        account.Groups.Add(group);
        return Result(E("Group", Shapes.Group(group)));
    }

    /// <summary>The group and one page of its members.</summary>
    private XElement GetGroup(IamRequest request)
    {
        var group = account.ReadGroup(NameRules.Name(request, "GroupName", NameRules.GroupNameLength));
        var members = group.Members.OrderBy(user => user.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var page = Pagination.Of(request, members, user => user.Name);
        return Result(E("Group", Shapes.Group(group)), page.Members("Users", user => Shapes.User(user, withDetails: false)), page.Footer());
    }

    private XElement? UpdateGroup(IamRequest request)
    {
        var name = NameRules.Name(request, "GroupName", NameRules.GroupNameLength);
        var newName = NameRules.OptionalName(request, "NewGroupName", NameRules.GroupNameLength);
        var newPath = NameRules.OptionalPath(request, "NewPath");
        var group = account.RequireGroup(name);
        if (newName is not null && !newName.Equals(group.Name, StringComparison.OrdinalIgnoreCase) && account.Groups.Exists(newName))
        {
            throw IamError.EntityAlreadyExists($"Group with name {newName} already exists.").ToException();
        }

        var oldKey = group.Name;
        group.Name = newName ?? group.Name;
        group.Path = newPath ?? group.Path;
        group.Arn = account.Arn("group", group.Path, group.Name);
        account.Groups.Rekey(oldKey, group);
        return null;
    }

    /// <summary>https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html: the group must have no members and no policies.</summary>
    private XElement? DeleteGroup(IamRequest request)
    {
        var group = account.RequireGroup(NameRules.Name(request, "GroupName", NameRules.GroupNameLength));
        var conflict =
            group.Members.Count > 0 ? "must remove users from group first" :
            group.InlinePolicies.Count > 0 ? "must delete policies first" :
            group.AttachedPolicyArns.Count > 0 ? "must detach all policies first" :
            null;
        if (conflict is not null)
        {
            throw IamError.DeleteConflict($"Cannot delete entity, {conflict}.").ToException();
        }

        account.Groups.Remove(group);
        return null;
    }

    private XElement ListGroups(IamRequest request)
    {
        var prefix = NameRules.PathPrefix(request);
        var groups = account.Groups.Visible().Where(group => group.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = Pagination.Of(request, groups, group => group.Name);
        return Result(page.Members("Groups", Shapes.Group), page.Footer());
    }

    private XElement? AddUserToGroup(IamRequest request)
    {
        var group = account.RequireGroup(NameRules.Name(request, "GroupName", NameRules.GroupNameLength));
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        if (group.Members.Contains(user))
        {
            return null; // IAM answers success when the user already is a member.
        }

        if (account.GroupsOf(user).Count >= account.Quotas.GroupsPerUser)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for GroupsPerUser: {account.Quotas.GroupsPerUser}").ToException();
        }

        group.Members.Add(user);
        return null;
    }

    private XElement? RemoveUserFromGroup(IamRequest request)
    {
        var group = account.RequireGroup(NameRules.Name(request, "GroupName", NameRules.GroupNameLength));
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        if (!group.Members.Remove(user))
        {
            throw IamError.NoSuchEntity($"The user with name {user.Name} cannot be found in group {group.Name}.").ToException();
        }

        return null;
    }

    private XElement ListGroupsForUser(IamRequest request)
    {
        var user = account.ReadUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var page = Pagination.Of(request, account.GroupsOf(user), group => group.Name);
        return Result(page.Members("Groups", Shapes.Group), page.Footer());
    }
}
