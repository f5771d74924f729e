namespace IamOperator.ApiServer.Tests.Crds;

public enum PathSegmentKind
{
    Property,
    /// <summary>The first item of an array.</summary>
    FirstItem,
    /// <summary>An entry of a map (an object with additionalProperties).</summary>
    MapEntry,
}
