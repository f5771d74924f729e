using System.Xml.Linq;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>One page of a list result and the marker for the next one.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker)
{
    public bool IsTruncated => NextMarker is not null;

    /// <summary>IsTruncated always; Marker only when there is a next page.</summary>
    public object[] Footer() =>
        NextMarker is null
            ? [IamXml.E("IsTruncated", "false")]
            : [IamXml.E("IsTruncated", "true"), IamXml.E("Marker", NextMarker)];

    public XElement Members(string name, Func<T, object?> member) => IamXml.Members(name, Items.Select(member));
}
