using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>Reads multi-document YAML as JSON trees, keeping unquoted numbers and booleans typed.</summary>
public static class YamlDocuments
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    private static readonly ISerializer JsonWriter = new SerializerBuilder().JsonCompatible().Build();

    public static IReadOnlyList<JsonObject> ReadAll(string path)
    {
        using var text = File.OpenText(path);
        var parser = new Parser(text);
        parser.Consume<StreamStart>();
        var documents = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = Reader.Deserialize(parser);
            if (document is not null && JsonNode.Parse(JsonWriter.Serialize(document)) is JsonObject json)
            {
                documents.Add(json);
            }
        }

        return documents;
    }
}
