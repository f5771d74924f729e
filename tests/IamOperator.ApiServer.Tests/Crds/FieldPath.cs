using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>A field of a resource, printed the way the apiserver names fields in its errors.</summary>
public sealed record FieldPath(ImmutableList<PathSegment> Segments)
{
    public const string MapKey = "k";

    public static readonly FieldPath Root = new(ImmutableList<PathSegment>.Empty);

    public FieldPath Property(string name) => new(Segments.Add(new PathSegment(PathSegmentKind.Property, name)));

    public FieldPath FirstItem() => new(Segments.Add(new PathSegment(PathSegmentKind.FirstItem, "0")));

    public FieldPath MapEntry() => new(Segments.Add(new PathSegment(PathSegmentKind.MapEntry, MapKey)));

    /// <summary>Sets the field, creating the objects, arrays and map entries on the way.</summary>
    public void Set(JsonObject resource, JsonNode? value)
    {
        JsonNode parent = resource;
        for (var i = 0; i < Segments.Count; i++)
        {
            var last = i == Segments.Count - 1;
            PathSegment? next = last ? null : Segments[i + 1];
            JsonNode? Container() => next?.Kind == PathSegmentKind.FirstItem ? new JsonArray() : new JsonObject();
            switch (Segments[i].Kind)
            {
                case PathSegmentKind.FirstItem:
                    var array = parent.AsArray();
                    if (last)
                    {
                        if (array.Count == 0) array.Add(value); else array[0] = value;
                        return;
                    }

                    if (array.Count == 0 || array[0] is null || array[0]!.GetValueKind() != Container()!.GetValueKind())
                    {
                        if (array.Count == 0) array.Add(Container()); else array[0] = Container();
                    }

                    parent = array[0]!;
                    break;
                default:
                    var obj = parent.AsObject();
                    if (last)
                    {
                        obj[Segments[i].Name] = value;
                        return;
                    }

                    if (obj[Segments[i].Name] is not { } child || child.GetValueKind() != Container()!.GetValueKind())
                    {
                        obj[Segments[i].Name] = child = Container()!;
                    }

                    parent = child;
                    break;
            }
        }
    }

    /// <summary>How many leading segments of the path exist in <paramref name="resource"/>.</summary>
    public int ExistingDepth(JsonObject resource)
    {
        JsonNode? node = resource;
        var depth = 0;
        foreach (var segment in Segments)
        {
            node = segment.Kind switch
            {
                PathSegmentKind.FirstItem => node is JsonArray { Count: > 0 } array ? array[0] : null,
                PathSegmentKind.MapEntry => node is JsonObject { Count: > 0 } map ? map.First().Value : null,
                _ => node is JsonObject obj ? obj[segment.Name] : null,
            };
            if (node is null)
            {
                return depth;
            }

            depth++;
        }

        return depth;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            switch (segment.Kind)
            {
                case PathSegmentKind.FirstItem:
                    text.Append("[0]");
                    break;
                case PathSegmentKind.MapEntry:
                    // kube-openapi names a map value by appending its key with a dot.
                    text.Append('.').Append(segment.Name);
                    break;
                default:
                    if (text.Length > 0) text.Append('.');
                    text.Append(segment.Name);
                    break;
            }
        }

        return text.ToString();
    }
}
