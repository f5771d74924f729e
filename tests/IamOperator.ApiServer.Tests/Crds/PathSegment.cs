namespace IamOperator.ApiServer.Tests.Crds;

public readonly record struct PathSegment(PathSegmentKind Kind, string Name);
