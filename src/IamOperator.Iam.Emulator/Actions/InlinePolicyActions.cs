using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Put/Get/Delete/List User/Group/Role Policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html).
/// The size quota is the total of all inline policies of the entity, whitespace not counted.
/// </summary>
internal sealed class InlinePolicyActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        foreach (var kind in PrincipalKind.All)
        {
            table.Write($"Put{kind.Noun}Policy", request => Put(kind, request));
            table.Read($"Get{kind.Noun}Policy", request => Get(kind, request));
            table.Write($"Delete{kind.Noun}Policy", request => Delete(kind, request));
            table.Read($"List{kind.Noun}Policies", request => List(kind, request));
        }
    }

    private XElement? Put(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Require(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        var policyName = NameRules.Name(request, "PolicyName", NameRules.PolicyNameLength);
        var document = PolicyDocumentValidator.Parameter(request, "PolicyDocument");
        var existing = principal.FindInline(policyName);
        var quota = kind.InlinePolicySize(account.Quotas);
        var total = principal.InlinePolicies.Where(policy => policy != existing).Sum(policy => PolicyDocumentValidator.Size(policy.Document))
            + PolicyDocumentValidator.Size(document);
        if (total > quota)
        {
            throw IamError.LimitExceeded($"Maximum policy size of {quota} bytes exceeded for {kind.Lower} {principal.Name}").ToException();
        }

        PolicyDocumentValidator.Validate(document, PolicyDocumentKind.Identity);
        if (existing is null)
        {
            principal.InlinePolicies.Add(new InlinePolicyEntry(policyName, document));
        }
        else
        {
            existing.Document = document;
        }

        return null;
    }

    private XElement Get(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Read(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        var policy = Find(kind, principal, request);
        return Result(E(kind.NameParameter, principal.Name), E("PolicyName", policy.Name), E("PolicyDocument", Document(policy.Document)));
    }

    private XElement? Delete(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Require(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        principal.InlinePolicies.Remove(Find(kind, principal, request));
        return null;
    }

    private XElement List(PrincipalKind kind, IamRequest request)
    {
        var principal = kind.Read(account, NameRules.Name(request, kind.NameParameter, kind.MaxNameLength));
        var names = principal.InlinePolicies.Select(policy => policy.Name).OrderBy(name => name, StringComparer.OrdinalIgnoreCase).ToList();
        var page = Pagination.Of(request, names, name => name);
        return Result(page.Members("PolicyNames", name => name), page.Footer());
    }

    private static InlinePolicyEntry Find(PrincipalKind kind, PrincipalEntity principal, IamRequest request)
    {
        var policyName = NameRules.Name(request, "PolicyName", NameRules.PolicyNameLength);
        return principal.FindInline(policyName)
            ?? throw IamError.NoSuchEntity($"The {kind.Lower} policy with name {policyName} cannot be found.").ToException();
    }
}
