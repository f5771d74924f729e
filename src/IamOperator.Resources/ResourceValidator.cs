using System.Text.Json;
using IamOperator.Resources.Schema;
using k8s;

namespace IamOperator.Resources;

/// <summary>
/// The CRD's OpenAPI and CEL rules, in C#: folder mode (plan/apply -f) reports the errors the apiserver
/// would. Both come from the same <see cref="SchemaBuilder"/> schema. Status is not checked (only the
/// operator writes it); transition rules (immutable fields) need a stored object and are left to the apiserver.
/// </summary>
public static class ResourceValidator
{
    private static readonly IReadOnlySet<string> IgnoredRootFields = new HashSet<string> { "status" };

    public static IReadOnlyList<ResourceProblem> Validate(IIamResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var kind = KubernetesApiGroup.Kinds.FirstOrDefault(k => k.ResourceType == resource.GetType())
            ?? throw new ArgumentException($"{resource.GetType()} is not one of the {KubernetesApiGroup.Group} kinds.", nameof(resource));
        JsonElement json;
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(resource))!;
            // The entity fields such a spec inherits are written from their C# defaults, never from a manifest (the loader
            // checks the manifest's own text, the apiserver prunes unknown fields): they are not the spec's to judge.
            if (resource.Spec.GetType().GetCustomAttributes(typeof(EntityFieldsNotApplicableAttribute), false).Length > 0 && node["spec"] is System.Text.Json.Nodes.JsonObject spec)
                foreach (var field in EntityFieldsNotApplicableAttribute.Fields) spec.Remove(field);
            json = JsonSerializer.SerializeToElement(node);
        }
        catch (InvalidOperationException)
        {
            // An unset JsonElement (a document nobody assigned) cannot be written.
            return [new ResourceProblem(UnsetDocumentPath(resource), "Required value: the policy document must be a JSON object")];
        }
        return SchemaValidator.Validate(json, SchemaBuilder.ForResource(kind.ResourceType), "", IgnoredRootFields);
    }

    private static string UnsetDocumentPath(IIamResource resource) => resource.Spec switch
    {
        IamPolicySpec { Document.ValueKind: JsonValueKind.Undefined } => "spec.document",
        IamEntitySpec spec when Permissions(spec)?.InlinePolicies?.FindIndex(p => p.Document.ValueKind == JsonValueKind.Undefined) is >= 0 and var i =>
            $"spec.permissions.inlinePolicies[{i}].document",
        _ => "spec",
    };

    private static PermissionsSpec? Permissions(IamEntitySpec spec) => spec switch
    {
        IamGroupSpec g => g.Permissions,
        IamUserSpec u => u.Permissions,
        IamServiceRoleSpec r => r.Permissions,
        _ => null,
    };
}
