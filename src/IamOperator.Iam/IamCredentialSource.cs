using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace IamOperator.Iam;

/// <summary>
/// Where signing credentials come from: a static pair from options, or the AWS SDK's default
/// chain (environment, shared profile, web identity/IRSA, container/Pod Identity, IMDS). The
/// chain caches and refreshes temporary credentials itself, so every request asks it again.
/// Every credential resolved is taught to the client's <see cref="IamSecretScrubber"/> before it
/// signs anything, so a secret or session token an endpoint echoes back is masked whatever its source.
/// </summary>
internal sealed class IamCredentialSource
{
    private readonly Func<CancellationToken, ValueTask<ImmutableCredentials>> resolve;
    private readonly IamSecretScrubber scrubber;

    internal IamCredentialSource(Func<CancellationToken, ValueTask<ImmutableCredentials>> resolve, IamSecretScrubber scrubber)
    {
        this.resolve = resolve;
        this.scrubber = scrubber;
    }

    public static IamCredentialSource From(StaticIamCredentials? credentials, IamSecretScrubber scrubber)
    {
        if (credentials is not null)
        {
            var fixedCredentials = new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
            return new IamCredentialSource(_ => ValueTask.FromResult(fixedCredentials), scrubber);
        }
        var chain = new DefaultAWSCredentialsIdentityResolver();
        return new IamCredentialSource(async ct =>
        {
            var identity = await chain.ResolveIdentityAsync(null!, ct).ConfigureAwait(false);
            return await identity.GetCredentialsAsync().ConfigureAwait(false);
        }, scrubber);
    }

    public async ValueTask<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var credentials = await resolve(cancellationToken).ConfigureAwait(false);
        scrubber.Learn(credentials.SecretKey);
        if (credentials.UseToken) scrubber.Learn(credentials.Token);
        return credentials;
    }
}
