using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IamOperator.Controllers.InMemory;

/// <summary>
/// What the apiserver does to a v1 Secret on write (k8s.io/kubernetes <c>pkg/apis/core/validation</c>
/// <c>ValidateSecret</c> / <c>ValidateSecretUpdate</c>, the v1 conversion and defaulting), on the Secret's JSON form.
/// Each rule and its source is listed in docs/controller.md. Messages are the apiserver's field errors.
/// </summary>
public static partial class SecretRules
{
    /// <summary>
    /// The most bytes a Secret's values may hold together (<c>MaxSecretSize</c>, 1 MiB): "Individual Secrets are
    /// limited to 1MiB in size" (https://kubernetes.io/docs/concepts/configuration/secret/#restriction-data-size).
    /// </summary>
    public const int MaxSize = 1024 * 1024;

    private const string ConfigKey = "[-._a-zA-Z0-9]+";

    /// <summary>
    /// The conversion and defaulting every write goes through: each <c>stringData</c> entry is written into
    /// <c>data</c> (base64), replacing a value of the same key, and <c>stringData</c> is never stored; <c>type</c>
    /// defaults to <c>Opaque</c> (https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data).
    /// </summary>
    public static void Normalize(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = secret["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? ""));
            }

            secret["data"] = data;
        }

        secret.Remove("stringData");
        if (secret["data"] is JsonObject { Count: 0 })
        {
            secret.Remove("data");
        }

        if (string.IsNullOrEmpty((string?)secret["type"]))
        {
            secret["type"] = "Opaque";
        }
    }

    /// <summary>
    /// The field errors of a Secret (empty when it is valid): every <c>data</c> key is a config key, the values add up to
    /// at most <see cref="MaxSize"/> bytes, and the ownerReferences are complete with at most one controller.
    /// </summary>
    public static List<string> Validate(JsonObject secret)
    {
        var errors = new List<string>();
        var total = 0L;
        if (secret["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                errors.AddRange(CheckConfigKey(key).Select(problem => $"data[{key}]: Invalid value: \"{key}\": {problem}"));
                total += Decode(key, value).Length;
            }
        }

        if (total > MaxSize)
        {
            errors.Add($"data: Too long: may not be more than {MaxSize} bytes");
        }

        errors.AddRange(CheckOwnerReferences(secret["metadata"] as JsonObject));
        return errors;
    }

    /// <summary>
    /// The field errors of replacing <paramref name="stored"/> by <paramref name="updated"/>: <c>type</c> never changes, and
    /// an immutable Secret (<c>immutable: true</c>) keeps its data and stays immutable
    /// (https://kubernetes.io/docs/concepts/configuration/secret/#secret-immutable); plus <see cref="Validate"/>.
    /// </summary>
    public static List<string> ValidateUpdate(JsonObject stored, JsonObject updated)
    {
        var errors = new List<string>();
        var type = (string?)updated["type"];
        if (type != (string?)stored["type"])
        {
            errors.Add($"type: Invalid value: \"{type}\": field is immutable");
        }

        if (stored["immutable"] is { } wasImmutable && (bool)wasImmutable)
        {
            if (updated["immutable"] is not { } isImmutable || !(bool)isImmutable)
            {
                errors.Add("immutable: Forbidden: field is immutable when `immutable` is set");
            }

            if (!JsonNode.DeepEquals(stored["data"], updated["data"]))
            {
                errors.Add("data: Forbidden: field is immutable when `immutable` is set");
            }
        }

        errors.AddRange(Validate(updated));
        return errors;
    }

    /// <summary>
    /// apimachinery <c>ValidateOwnerReferences</c>: apiVersion, kind, name and uid are required, and at most one
    /// reference is the controller (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/).
    /// </summary>
    public static IEnumerable<string> CheckOwnerReferences(JsonObject? metadata)
    {
        if (metadata?["ownerReferences"] is not JsonArray references)
        {
            yield break;
        }

        var controllers = new List<string>();
        foreach (var reference in references.OfType<JsonObject>())
        {
            foreach (var (field, what) in new[] { ("apiVersion", "version"), ("kind", "kind"), ("name", "name"), ("uid", "uid") })
            {
                if (string.IsNullOrEmpty((string?)reference[field]))
                {
                    yield return $"metadata.ownerReferences.{field}: Invalid value: \"\": {what} must not be empty";
                }
            }

            if (reference["controller"] is { } controller && (bool)controller)
            {
                controllers.Add($"{(string?)reference["kind"]}/{(string?)reference["name"]}");
            }
        }

        if (controllers.Count > 1)
        {
            yield return $"metadata.ownerReferences: Invalid value: \"\": Only one reference can have Controller set to true. Found \"true\" in references for {string.Join(" and ", controllers)}";
        }
    }

    /// <summary>apimachinery <c>IsConfigMapKey</c>: what a key of a Secret's data may be.</summary>
    private static IEnumerable<string> CheckConfigKey(string key)
    {
        if (key.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }

        if (!ConfigKeyPattern().IsMatch(key))
        {
            yield return $"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '{ConfigKey}')";
        }

        if (key == ".")
        {
            yield return "must not be '.'";
        }
        else if (key == "..")
        {
            yield return "must not be '..'";
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            yield return "must not start with '..'";
        }
    }

    private static byte[] Decode(string key, JsonNode? value)
    {
        try
        {
            return Convert.FromBase64String((string?)value ?? "");
        }
        catch (FormatException)
        {
            // The apiserver cannot decode the body at all: a 400 before any validation.
            throw new KubernetesApiException(400, "BadRequest", $"Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data in data[{key}]");
        }
    }

    [GeneratedRegex("^" + ConfigKey + "$")]
    private static partial Regex ConfigKeyPattern();
}
