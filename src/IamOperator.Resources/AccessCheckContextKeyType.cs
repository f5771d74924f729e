using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>The types IAM's policy simulator takes for a context key (ContextEntry ContextKeyType), in Kubernetes' enum spelling.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccessCheckContextKeyType>))]
public enum AccessCheckContextKeyType { String, StringList, Numeric, NumericList, Boolean, BooleanList, Ip, IpList, Binary, BinaryList, Date, DateList }
