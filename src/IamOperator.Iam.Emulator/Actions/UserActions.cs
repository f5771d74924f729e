using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers.</summary>
internal sealed class UserActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("CreateUser", CreateUser);
        table.Read("GetUser", GetUser);
        table.Write("UpdateUser", UpdateUser);
        table.Write("DeleteUser", DeleteUser);
        table.Read("ListUsers", ListUsers);
    }

    private XElement CreateUser(IamRequest request)
    {
        var name = NameRules.Name(request, "UserName", NameRules.UserNameLength);
        var path = NameRules.Path(request);
        var boundary = request.Optional("PermissionsBoundary");
        var tags = NameRules.Tags(request, StringComparer.OrdinalIgnoreCase);
        if (account.Users.Exists(name))
        {
            throw IamError.EntityAlreadyExists($"User with name {name} already exists.").ToException();
        }

        if (account.Users.Count >= account.Quotas.Users)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for UsersPerAccount: {account.Quotas.Users}").ToException();
        }

        if (tags.Count > account.Quotas.TagsPerResource)
        {
            throw TagQuota.Exceeded(account.Quotas.TagsPerResource);
        }

        if (boundary is not null)
        {
            Boundaries.Check(account, boundary);
        }

        var user = new UserEntity
        {
            Name = name,
            Id = IamAccount.NewUniqueId("AIDA"),
            Path = path,
            Arn = account.Arn("user", path, name),
            CreateDate = account.Now,
            PermissionsBoundaryArn = boundary,
        };
        user.Tags.Set(tags);
        account.Users.Add(user);
        return Result(E("User", Shapes.User(user, withDetails: true)));
    }

    private XElement GetUser(IamRequest request)
    {
        var name = NameRules.OptionalName(request, "UserName", NameRules.UserNameLength);
        if (name is null)
        {
            // Without UserName IAM answers the caller: the key's user, or the account's root.
            var owner = account.Users.All.FirstOrDefault(user => user.AccessKeys.Any(key => key.AccessKeyId == request.CallerAccessKeyId));
            if (owner is null)
            {
                return Result(E("User",
                    E("UserId", account.AccountId), E("Arn", $"arn:aws:iam::{account.AccountId}:root"), E("CreateDate", Date(DateTimeOffset.UnixEpoch))));
            }

            name = owner.Name;
        }

        return Result(E("User", Shapes.User(account.ReadUser(name), withDetails: true)));
    }

    private XElement? UpdateUser(IamRequest request)
    {
        var name = NameRules.Name(request, "UserName", NameRules.UserNameLength);
        var newName = NameRules.OptionalName(request, "NewUserName", NameRules.UserNameLength);
        var newPath = NameRules.OptionalPath(request, "NewPath");
        var user = account.RequireUser(name);
        if (newName is not null && !newName.Equals(user.Name, StringComparison.OrdinalIgnoreCase) && account.Users.Exists(newName))
        {
            throw IamError.EntityAlreadyExists($"User with name {newName} already exists.").ToException();
        }

        var oldKey = user.Name;
        user.Name = newName ?? user.Name;
        user.Path = newPath ?? user.Path;
        user.Arn = account.Arn("user", user.Path, user.Name);
        account.Users.Rekey(oldKey, user);
        return null;
    }

    /// <summary>
    /// IAM refuses to delete a user that still has credentials (password, access keys, signing
    /// certificates, SSH public keys, service-specific credentials, MFA devices), policies or memberships
    /// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html).
    /// </summary>
    private XElement? DeleteUser(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var conflict =
            user.LoginProfile is not null ? "must delete login profile first" :
            user.AccessKeys.Count > 0 ? "must delete access keys first" :
            user.SigningCertificates.Count > 0 ? "must delete signing certificates first" :
            user.SshPublicKeys.Count > 0 ? "must delete SSH public keys first" :
            user.ServiceSpecificCredentials.Count > 0 ? "must delete service specific credentials first" :
            user.MfaDevices.Count > 0 ? "must delete MFA device first" :
            user.InlinePolicies.Count > 0 ? "must delete policies first" :
            user.AttachedPolicyArns.Count > 0 ? "must detach all policies first" :
            account.GroupsOf(user).Count > 0 ? "must remove user from all groups first" :
            null;
        if (conflict is not null)
        {
            throw IamError.DeleteConflict($"Cannot delete entity, {conflict}.").ToException();
        }

        account.Users.Remove(user);
        return null;
    }

    private XElement ListUsers(IamRequest request)
    {
        var prefix = NameRules.PathPrefix(request);
        var users = account.Users.Visible().Where(user => user.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = Pagination.Of(request, users, user => user.Name);
        return Result(page.Members("Users", user => Shapes.User(user, withDetails: false)), page.Footer());
    }
}
