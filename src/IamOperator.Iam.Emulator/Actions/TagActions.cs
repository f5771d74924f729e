using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Tag/Untag/List…Tags for users, roles, managed policies and instance profiles
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html). IAM has no TagGroup:
/// groups cannot be tagged, so those actions do not exist here either.
/// </summary>
internal sealed class TagActions(IamAccount account)
{
    private const int MaxUntagKeys = 50;

    public void Register(ActionTable table)
    {
        Register(table, "User", request => account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength)).Tags,
            request => account.ReadUser(NameRules.Name(request, "UserName", NameRules.UserNameLength)).Tags);
        Register(table, "Role", request => account.RequireRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength)).Tags,
            request => account.ReadRole(NameRules.Name(request, "RoleName", NameRules.RoleNameLength)).Tags);
        Register(table, "Policy", request => CustomerPolicy(account.RequirePolicy(NameRules.Arn(request, "PolicyArn"))).Tags,
            request => account.ReadPolicy(NameRules.Arn(request, "PolicyArn")).Tags);
        Register(table, "InstanceProfile", request => account.RequireInstanceProfile(NameRules.Name(request, "InstanceProfileName", NameRules.InstanceProfileNameLength)).Tags,
            request => account.ReadInstanceProfile(NameRules.Name(request, "InstanceProfileName", NameRules.InstanceProfileNameLength)).Tags);
    }

    private void Register(ActionTable table, string noun, Func<IamRequest, TagSet> forWrite, Func<IamRequest, TagSet> forRead)
    {
        table.Write($"Tag{noun}", request => Tag(forWrite(request), request));
        table.Write($"Untag{noun}", request => Untag(forWrite(request), request));
        table.Read($"List{noun}Tags", request => List(forRead(request), request));
    }

    private XElement? Tag(TagSet tags, IamRequest request)
    {
        var added = NameRules.Tags(request, tags.KeyComparer);
        if (added.Count == 0)
        {
            throw IamError.Validation("tags", null, "Member must not be null").ToException();
        }

        if (tags.CountAfter(added) > account.Quotas.TagsPerResource)
        {
            throw TagQuota.Exceeded(account.Quotas.TagsPerResource);
        }

        tags.Set(added);
        return null;
    }

    private static XElement? Untag(TagSet tags, IamRequest request)
    {
        var keys = request.Members("TagKeys");
        if (keys.Count == 0)
        {
            throw IamError.Validation("tagKeys", null, "Member must not be null").ToException();
        }

        if (keys.Count > MaxUntagKeys)
        {
            throw IamError.Validation("tagKeys", null, $"Member must have length less than or equal to {MaxUntagKeys}").ToException();
        }

        tags.Remove(keys);
        return null;
    }

    private static XElement List(TagSet tags, IamRequest request)
    {
        var page = Pagination.Of(request, tags.All.OrderBy(tag => tag.Key, StringComparer.Ordinal).ToList(), tag => tag.Key);
        return Result(Tags(page.Items), page.Footer());
    }

    private static ManagedPolicyEntity CustomerPolicy(ManagedPolicyEntity policy) =>
        policy.IsAwsManaged ? throw new IamError("AccessDenied", "Cannot modify policies outside your own account.", 403).ToException() : policy;
}
