namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>etcd or the apiserver ended while starting; the message carries their last output.</summary>
public sealed class ServerExitedException(string message) : InvalidOperationException(message);
