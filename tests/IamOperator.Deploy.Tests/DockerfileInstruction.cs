namespace IamOperator.Deploy.Tests;

/// <summary>One Dockerfile instruction (continuation lines joined) and the build stage it belongs to.</summary>
public sealed record DockerfileInstruction(string Stage, string Keyword, string Arguments);
