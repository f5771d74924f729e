using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>
/// A fresh IAM emulator over HTTP and the real IAM client pointed at it, with reconcilers for any
/// owner id. The client's rate limit is raised: the emulator does not throttle unless told to.
/// </summary>
internal sealed class EmulatedIam : IAsyncDisposable
{
    private EmulatedIam(IamEmulatorServer server, IIamApi iam)
    {
        Server = server;
        Iam = iam;
    }

    public IamEmulatorServer Server { get; }
    public IIamApi Iam { get; }
    public DictionaryLookup Lookup { get; } = new();

    public static async Task<EmulatedIam> StartAsync()
    {
        var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var credential = EmulatorCredential.DocumentationExample;
        var iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint,
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = 10_000,
            Burst = 10_000,
            MaxAttempts = 2,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(50),
        }, NullLoggerFactory.Instance);
        return new EmulatedIam(server, iam);
    }

    public IamResourceReconciler Reconciler(string ownerId = "cluster-a", Policies.GuardrailSettings? guardrails = null) =>
        new(Iam, Lookup, new ReconcileSettings
        {
            OwnerId = ownerId,
            Guardrails = guardrails ?? Policies.GuardrailSettings.Default,
            DeleteConflictBaseDelay = TimeSpan.FromMilliseconds(20),
        }, TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>Reconciles and records the result in status the way the status writer would (name and ARN).</summary>
    public async Task<ReconcileOutcome> ApplyAsync(IIamResource resource, string ownerId = "cluster-a", CancellationToken ct = default)
    {
        var outcome = await Reconciler(ownerId).ReconcileAsync(resource, ReconcileOptions.Apply, ct);
        resource.Status ??= new IamResourceStatus();
        resource.Status.IamName = outcome.IamName ?? resource.Status.IamName;
        resource.Status.Arn = outcome.Arn ?? resource.Status.Arn;
        return outcome;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
