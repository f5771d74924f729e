namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>Marks a test class whose <see cref="ContractFactAttribute"/> tests run against the real API server.</summary>
public interface IUsesRealApiServer;
