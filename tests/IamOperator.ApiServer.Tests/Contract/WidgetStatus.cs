using System.Text.Json.Serialization;

namespace IamOperator.ApiServer.Tests.Contract;

public sealed class WidgetStatus
{
    [JsonPropertyName("observedGeneration")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("phase")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Phase { get; set; }
}
