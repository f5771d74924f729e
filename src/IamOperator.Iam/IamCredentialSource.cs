using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace IamOperator.Iam;

/// <summary>
/// Where signing credentials come from: a static pair from options, or the AWS SDK's default
/// chain (environment, shared profile, web identity/IRSA, container/Pod Identity, IMDS). The
/// chain caches and refreshes temporary credentials itself, so every request asks it again.
/// </summary>
internal sealed class IamCredentialSource
{
    private readonly ImmutableCredentials? _static;
    private readonly DefaultAWSCredentialsIdentityResolver? _chain;

    private IamCredentialSource(ImmutableCredentials? fixedCredentials, DefaultAWSCredentialsIdentityResolver? chain)
    {
        _static = fixedCredentials;
        _chain = chain;
    }

    public static IamCredentialSource From(StaticIamCredentials? credentials) => credentials is null
        ? new IamCredentialSource(null, new DefaultAWSCredentialsIdentityResolver())
        : new IamCredentialSource(new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), null);

    public async ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (_static is not null)
            return _static;
        var identity = await _chain!.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        return await identity.GetCredentialsAsync().ConfigureAwait(false);
    }
}
