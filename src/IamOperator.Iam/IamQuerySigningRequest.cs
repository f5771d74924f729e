using Amazon.Runtime;

namespace IamOperator.Iam;

/// <summary>The SDK's signer signs a DefaultRequest, which must wrap some service request; this is ours.</summary>
internal sealed class IamQuerySigningRequest : AmazonWebServiceRequest;
