using System.Text.Json;
using System.Text.Json.Nodes;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// A role's trust policy from its spec: AWS services get <c>sts:AssumeRole</c>, Kubernetes service accounts get
/// <c>sts:AssumeRoleWithWebIdentity</c> through the cluster's OIDC provider (IRSA), a document is taken as written.
/// </summary>
internal static class TrustPolicyBuilder
{
    public const string Ec2Principal = "ec2.amazonaws.com";

    /// <summary>The trust policy to send (as written; compared in canonical form), or null with problems recorded; <paramref name="trustsEc2"/> says whether EC2 may assume the role.</summary>
    public static string? Build(BuildContext context, TrustSpec trust, out bool trustsEc2)
    {
        if (trust.Services is { Count: > 0 } services)
        {
            trustsEc2 = services.Contains(Ec2Principal);
            return context.TrustDocument(Document(ServicesStatement(services)), "spec.trust");
        }
        if (trust.ServiceAccounts is { } accounts)
        {
            trustsEc2 = false;
            return context.TrustDocument(Document(ServiceAccountsStatement(accounts)), "spec.trust");
        }
        if (trust.Document is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } document)
        {
            var written = context.TrustDocument(document, "spec.trust.document");
            trustsEc2 = written is not null && context.TrustsService(Ec2Principal);
            return written;
        }
        // The CRD requires exactly one form; this is an object that bypassed it.
        trustsEc2 = false;
        context.Problem("spec.trust", "give exactly one of services, serviceAccounts or document");
        return null;
    }

    private static JsonObject ServicesStatement(IEnumerable<string> services) => new()
    {
        ["Effect"] = "Allow",
        ["Principal"] = new JsonObject { ["Service"] = new JsonArray([.. services.Select(s => (JsonNode?)s)]) },
        ["Action"] = "sts:AssumeRole",
    };

    private static JsonObject ServiceAccountsStatement(ServiceAccountTrustSpec accounts)
    {
        // The issuer (host and path) names the OIDC condition keys, e.g. oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub.
        var arn = accounts.OidcProviderArn;
        var issuer = arn[(arn.IndexOf(IamPatterns.OidcProviderResource, StringComparison.Ordinal) + IamPatterns.OidcProviderResource.Length)..];
        var subjects = new JsonArray([.. accounts.Subjects.Select(s => (JsonNode?)$"system:serviceaccount:{s.Namespace}:{s.Name}")]);
        return new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Federated"] = arn },
            ["Action"] = "sts:AssumeRoleWithWebIdentity",
            ["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { [$"{issuer}:sub"] = subjects, [$"{issuer}:aud"] = "sts.amazonaws.com" },
            },
        };
    }

    private static string Document(JsonObject statement) =>
        new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString();
}
