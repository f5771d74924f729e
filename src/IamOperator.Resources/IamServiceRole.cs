using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>An IAM role that AWS services or Kubernetes service accounts (IRSA) assume.</summary>
public sealed class IamServiceRole : IamResource<IamServiceRoleSpec>
{
    public const string KindName = "IamServiceRole";
    public const string Plural = "iamserviceroles";
    public IamServiceRole() => Kind = KindName;
}

public sealed class IamServiceRoleSpec : TaggableEntitySpec
{
    [JsonPropertyName("trust")] public TrustSpec Trust { get; set; } = new();
    [JsonPropertyName("description")] public string? Description { get; set; }
    /// <summary>3600 to 43200 seconds; IAM's default is 3600.</summary>
    [JsonPropertyName("maxSessionDurationSeconds")] public int? MaxSessionDurationSeconds { get; set; }
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }
    [JsonPropertyName("permissionsBoundary")] public PermissionsBoundarySpec? PermissionsBoundary { get; set; }
    /// <summary>Whether an instance profile of the same name is kept; default: when ec2.amazonaws.com is trusted.</summary>
    [JsonPropertyName("instanceProfile")] public InstanceProfileSpec? InstanceProfile { get; set; }
}

/// <summary>Who may assume the role: exactly one of services, serviceAccounts or document.</summary>
public sealed class TrustSpec
{
    /// <summary>AWS service principals, e.g. ec2.amazonaws.com, lambda.amazonaws.com.</summary>
    [JsonPropertyName("services")] public List<string>? Services { get; set; }
    [JsonPropertyName("serviceAccounts")] public ServiceAccountTrustSpec? ServiceAccounts { get; set; }
    /// <summary>A full trust policy document, for anything the short forms do not cover.</summary>
    [JsonPropertyName("document")] public JsonElement? Document { get; set; }
}

/// <summary>IRSA: Kubernetes service accounts federated through the cluster's OIDC provider.</summary>
public sealed class ServiceAccountTrustSpec
{
    /// <summary>arn:aws:iam::ACCOUNT:oidc-provider/ISSUER-HOST-AND-PATH</summary>
    [JsonPropertyName("oidcProviderArn")] public string OidcProviderArn { get; set; } = "";
    [JsonPropertyName("subjects")] public List<ServiceAccountRef> Subjects { get; set; } = [];
}

public sealed class ServiceAccountRef
{
    [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

public sealed class InstanceProfileSpec
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; set; }
}
