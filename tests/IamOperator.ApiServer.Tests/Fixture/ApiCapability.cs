namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>A part of the Kubernetes API a contract test needs beyond custom resources.</summary>
public enum ApiCapability
{
    /// <summary>Nothing beyond custom resources (and the Lease stand-in CRD).</summary>
    None,

    /// <summary>The core API's v1 Secrets (<c>/api/v1/namespaces/{ns}/secrets</c>).</summary>
    CoreSecrets,
}
