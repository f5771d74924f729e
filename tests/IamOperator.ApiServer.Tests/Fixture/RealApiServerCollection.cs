namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>Every test class using the real server shares one instance of it.</summary>
[CollectionDefinition(Name)]
public sealed class RealApiServerCollection : ICollectionFixture<RealApiServerFixture>
{
    public const string Name = "Real API server";
}
