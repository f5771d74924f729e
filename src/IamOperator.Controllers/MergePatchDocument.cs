using System.Text.Json.Nodes;

namespace IamOperator.Controllers;

/// <summary>
/// Builds the JSON merge patch documents the API sends. A <c>metadata.resourceVersion</c> in a patch is a
/// precondition: the apiserver answers 409 Conflict when the object has moved on.
/// </summary>
public static class MergePatchDocument
{
    public static string ForMetadata(JsonObject metadataPatch, string? resourceVersion)
    {
        var metadata = (JsonObject)metadataPatch.DeepClone();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject { ["metadata"] = metadata }.ToJsonString();
    }

    public static string ForStatus(JsonObject statusPatch, string? resourceVersion)
    {
        var document = new JsonObject { ["status"] = statusPatch.DeepClone() };
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            document["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        return document.ToJsonString();
    }
}
