using System.Text.Json;
using IamOperator.Policies;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// What building one resource collects: its problems and unresolved references, and what the guardrails
/// will judge (managed policy ARNs, documents, trust policy and boundary, each with its field path).
/// </summary>
internal sealed class BuildContext(EntityIdentity identity, IResourceLookup lookup, int trustPolicyMaxSize)
{
    private readonly List<(string, string)> managedArns = [];
    private readonly List<(string, PolicyDocument)> documents = [];
    private (string, PolicyDocument)? trustDocument;
    private string? boundaryArn;

    public EntityIdentity Identity { get; } = identity;

    public List<string> Problems { get; } = [];

    public List<string> Missing { get; } = [];

    public void Problem(string field, string message) => Problems.Add($"{field}: {message}");

    public void AttachManaged(string field, string arn) => managedArns.Add((field, arn));

    public string? Bound(string? arn) => boundaryArn = arn;

    public GuardrailSubject Subject() => new(
        Identity.Resource.Namespace,
        Identity.Kind,
        Identity.IamName, managedArns, documents, trustDocument, boundaryArn);

    /// <summary>The referenced resource when it is declared and Ready (a policy also needs its ARN); otherwise records why not.</summary>
    public ResolvedDependency? Resolve(string kind, ResourceRef reference, string field)
    {
        var ns = string.IsNullOrEmpty(reference.Namespace) ? Identity.Resource.Namespace : reference.Namespace;
        var found = lookup.Find(kind, ns, reference.Name);
        if (found is null) { Missing.Add($"{kind} {ns}/{reference.Name} ({field}) is not declared"); return null; }
        if (!found.Ready || (kind == IamPolicy.KindName && found.Arn is null)) { Missing.Add($"{kind} {ns}/{reference.Name} ({field}) is not Ready yet"); return null; }
        return found;
    }

    /// <summary>A permission policy as the manifest writes it, with its IAM size, or null (and a problem) when it does not parse or exceeds <paramref name="maxSize"/>.</summary>
    public string? PermissionDocument(JsonElement element, string field, int maxSize, out int size)
    {
        size = 0;
        return Parse(element, field) is { } document ? Accept(document, Written(element), field, maxSize, permission: true, out size) : null;
    }

    /// <summary>A trust policy given as a document, as the manifest writes it.</summary>
    public string? TrustDocument(JsonElement element, string field) =>
        Parse(element, field) is { } document ? Accept(document, Written(element), field, trustPolicyMaxSize, permission: false, out _) : null;

    /// <summary>Whether the accepted trust policy lets EC2 assume the role (judged on its canonical form, whatever the spelling).</summary>
    public bool TrustsService(string principal) =>
        trustDocument is { } accepted && accepted.Item2.ToCanonicalJson().Contains($"\"{principal}\"", StringComparison.Ordinal);

    /// <summary>A permission policy the operator writes itself (e.g. the MFA guard), recorded for the guardrails under <paramref name="field"/>.</summary>
    public string? PermissionDocument(string text, string field)
    {
        try
        {
            return Accept(PolicyDocument.Parse(text), text, field, int.MaxValue, permission: true, out _);
        }
        catch (PolicyDocumentException e)
        {
            Problem(field, e.Message);
            return null;
        }
    }

    /// <summary>A trust policy the operator wrote from a short form.</summary>
    public string? TrustDocument(string text, string field)
    {
        try
        {
            return Accept(PolicyDocument.Parse(text), text, field, trustPolicyMaxSize, permission: false, out _);
        }
        catch (PolicyDocumentException e)
        {
            Problem(field, e.Message);
            return null;
        }
    }

    private PolicyDocument? Parse(JsonElement element, string field)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) { Problem(field, "a policy document is required"); return null; }
        try
        {
            return PolicyDocument.FromJson(element);
        }
        catch (PolicyDocumentException e)
        {
            Problem(field, e.Message);
            return null;
        }
    }

    /// <summary>
    /// The document as the manifest writes it, compact: what is sent to IAM (and what auditors read there).
    /// The canonical form is only ever compared, never sent.
    /// </summary>
    private static string Written(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            element.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Records the document for the guardrails and returns the text to send, or null (and a problem) when it exceeds <paramref name="maxSize"/>.</summary>
    private string? Accept(PolicyDocument document, string written, string field, int maxSize, bool permission, out int size)
    {
        // IAM counts what it is sent.
        size = Observed.PolicyText.IamSize(written);
        if (size > maxSize) { Problem(field, $"the document is {size} characters (whitespace not counted); IAM allows {maxSize}"); return null; }
        if (permission) documents.Add((field, document));
        else trustDocument = (field, document);
        return written;
    }
}
