using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace IamOperator.Resources.Schema;

/// <summary>
/// Derives a kind's OpenAPI schema from the C# model (JSON names from [JsonPropertyName], constraints
/// from DataAnnotations and the attributes in this namespace), the way KubeOps does. The model stays
/// the single source of the CRD, the folder-mode validator and <c>kubectl explain</c>.
/// </summary>
public static class SchemaBuilder
{
    private static readonly ConcurrentDictionary<Type, SchemaNode> Roots = new();

    /// <summary>The whole object schema of one of the four resource types (cached).</summary>
    public static SchemaNode ForResource(Type resourceType) => Roots.GetOrAdd(resourceType, BuildRoot);

    private static SchemaNode BuildRoot(Type resourceType)
    {
        var specProperty = resourceType.GetProperty("Spec", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            ?? resourceType.GetProperties().First(p => p.Name == "Spec" && p.PropertyType != typeof(IamEntitySpec));
        var spec = ForObject(specProperty.PropertyType) with
        {
            Description = $"The desired state of the {resourceType.Name} in AWS IAM.",
        };
        var properties = new Dictionary<string, SchemaNode>
        {
            ["apiVersion"] = new() { Type = "string", Description = "APIVersion defines the versioned schema of this representation of an object: iamoperator.dev/v1alpha1." },
            ["kind"] = new() { Type = "string", Description = $"Kind is the REST resource this object represents: {resourceType.Name}." },
            ["metadata"] = MetadataSchema.Node,
            ["spec"] = spec,
            ["status"] = ForObject(typeof(IamResourceStatus)) with
            {
                Description = "What the operator last observed in IAM and did; written by the operator only.",
                // The apiserver fills this in when it serves an object the operator has not written status for
                // yet: observedGeneration 0 is older than any generation, so kstatus (Flux, kpt) reports a new
                // resource InProgress instead of Current until the operator has acted on it.
                Default = new Dictionary<string, object> { ["observedGeneration"] = 0L },
            },
        };
        return new SchemaNode
        {
            Type = "object",
            Description = resourceType.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            // A kind whose spec has required fields cannot do without a spec.
            Required = spec.Required.Count > 0 ? ["spec"] : [],
            Rules = RulesOf(resourceType),
        };
    }

    private static SchemaNode ForObject(Type type)
    {
        var properties = new Dictionary<string, SchemaNode>();
        var required = new List<string>();
        var entityFieldsNotApplicable = type.GetCustomAttribute<EntityFieldsNotApplicableAttribute>() is not null;
        foreach (var property in PropertiesInDeclarationOrder(type))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
                || (entityFieldsNotApplicable && property.DeclaringType == typeof(IamEntitySpec) && EntityFieldsNotApplicableAttribute.Fields.Contains(name)))
            {
                continue;
            }
            properties[name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }
        return new SchemaNode
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            Required = required,
            Rules = RulesOf(type),
        };
    }

    /// <summary>Base class members first, each class in source order, so the CRD reads like the model.</summary>
    private static IEnumerable<PropertyInfo> PropertiesInDeclarationOrder(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            chain.Push(t);
        }
        return chain.SelectMany(t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .OrderBy(p => p.MetadataToken));
    }

    private static SchemaNode ForProperty(PropertyInfo property)
    {
        var node = ForType(property.PropertyType, property);
        var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? node.Description
            ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has no [Description]: every field needs one for kubectl explain.");
        node = node with { Description = description, Rules = [.. node.Rules, .. RulesOf(property)] };

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } regex)
        {
            node = node with { Pattern = regex.Pattern };
        }
        if (property.GetCustomAttribute<StringLengthAttribute>() is { } length)
        {
            node = node with { MaxLength = length.MaximumLength, MinLength = length.MinimumLength > 0 ? length.MinimumLength : null };
        }
        if (property.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            node = node.Type switch
            {
                "array" => node with { MinItems = min.Length },
                _ => node with { MinLength = min.Length },
            };
        }
        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } max)
        {
            node = node.Type switch
            {
                "array" => node with { MaxItems = max.Length },
                "object" => node with { MaxProperties = max.Length },
                _ => node with { MaxLength = max.Length },
            };
        }
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            node = node with { Minimum = Convert.ToInt64(range.Minimum), Maximum = Convert.ToInt64(range.Maximum) };
        }
        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value })
        {
            // Numbers and booleans stay typed: the apiserver refuses a default whose type is not the field's.
            node = node with { Default = value is bool or int or long ? value : value.ToString() };
        }
        if (property.GetCustomAttribute<ListTypeAttribute>() is { } listType)
        {
            node = node with { ListType = listType.ListType, ListMapKeys = listType.MapKeys.Count > 0 ? listType.MapKeys : null };
        }
        if (property.GetCustomAttribute<ItemsAttribute>() is { } items)
        {
            // Items of a list, or values of a string-keyed map.
            node = node.Items is { } itemNode ? node with { Items = Constrain(itemNode, items) }
                : node.AdditionalProperties is { } valueNode ? node with { AdditionalProperties = Constrain(valueNode, items) }
                : throw new InvalidOperationException($"[Items] on {property.DeclaringType?.Name}.{property.Name}, which is neither a list nor a map.");
        }
        return node;
    }

    private static SchemaNode Constrain(SchemaNode node, ItemsAttribute items) => node with
    {
        Description = items.Description ?? node.Description,
        Pattern = items.Pattern ?? node.Pattern,
        MinLength = items.MinLength > 0 ? items.MinLength : node.MinLength,
        MaxLength = items.MaxLength > 0 ? items.MaxLength : node.MaxLength,
        Enum = items.Enum ?? node.Enum,
    };

    private static SchemaNode ForType(Type type, PropertyInfo? property)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new SchemaNode { Type = "string" };
        }
        if (type == typeof(int))
        {
            return new SchemaNode { Type = "integer", Format = "int32" };
        }
        if (type == typeof(long))
        {
            return new SchemaNode { Type = "integer", Format = "int64" };
        }
        if (type == typeof(bool))
        {
            return new SchemaNode { Type = "boolean" };
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new SchemaNode { Type = "string", Format = "date-time" };
        }
        if (type == typeof(JsonElement))
        {
            // Policy documents: structured JSON whose grammar the Policies part checks, not OpenAPI.
            return new SchemaNode { Type = "object", PreserveUnknownFields = true };
        }
        if (type.IsEnum)
        {
            return new SchemaNode { Type = "string", Enum = Enum.GetNames(type) };
        }
        if (type == typeof(V1Condition))
        {
            return ConditionSchema.Node;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new SchemaNode { Type = "array", Items = ForType(type.GetGenericArguments()[0], null) };
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string))
        {
            return new SchemaNode { Type = "object", AdditionalProperties = ForType(type.GetGenericArguments()[1], null) };
        }
        if (type.IsClass)
        {
            return ForObject(type);
        }
        throw new InvalidOperationException($"No schema mapping for {type} (property {property?.DeclaringType?.Name}.{property?.Name}).");
    }

    private static IReadOnlyList<CrossFieldRule> RulesOf(MemberInfo member) =>
        [.. member.GetCustomAttributes<ValidationRuleAttribute>(inherit: false).Select(a => a.CreateRule())];
}
