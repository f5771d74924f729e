using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Attach/Detach/ListAttached User/Group/Role Policies
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html).
/// </summary>
internal sealed class AttachedPolicyActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        foreach (var kind in PrincipalKind.All)
        {
            table.Write($"Attach{kind.Noun}Policy", request => Attach(kind, request));
            table.Write($"Detach{kind.Noun}Policy", request => Detach(kind, request));
            table.Read($"ListAttached{kind.Noun}Policies", request => ListAttached(kind, request));
        }
    }

    private XElement? Attach(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Require(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        var arn = NameRules.Arn(request, "PolicyArn");
        var policy = account.Policies.FindForWrite(arn)
            ?? throw IamError.NoSuchEntity($"Policy {arn} does not exist or is not attachable.").ToException();
        if (!policy.IsAttachable)
        {
            // Policies under /aws-service-role/ belong to service-linked roles only.
            throw IamError.PolicyNotAttachable($"Policy {arn} is not attachable.").ToException();
        }

        if (principal.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal))
        {
            return null; // Attaching again is a no-op in IAM.
        }

        var quota = kind.ManagedPolicyQuota(account.Quotas);
        if (principal.AttachedPolicyArns.Count >= quota)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for PoliciesPer{kind.Noun}: {quota}").ToException();
        }

        principal.AttachedPolicyArns.Add(arn);
        return null;
    }

    private XElement? Detach(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Require(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        var arn = NameRules.Arn(request, "PolicyArn");
        if (!principal.AttachedPolicyArns.Remove(arn))
        {
            throw IamError.NoSuchEntity($"Policy {arn} was not found.").ToException();
        }

        return null;
    }

    private XElement ListAttached(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Read(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        var prefix = NameRules.PathPrefix(request);
        var attached = principal.AttachedPolicyArns
            .Where(arn => (account.Policies.ExistingIgnoringDelay(arn)?.Path ?? "/").StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(arn => arn, StringComparer.Ordinal)
            .ToList();
        var page = Pagination.Of(request, attached, arn => arn);
        return Result(page.Members("AttachedPolicies", arn => Shapes.AttachedPolicy(account, arn)), page.Footer());
    }
}
