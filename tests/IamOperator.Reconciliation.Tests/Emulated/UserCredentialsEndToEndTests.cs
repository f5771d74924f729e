using System.Reflection;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Reconciliation.Credentials;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>
/// An IamUser's credentials end to end on one fake clock shared by the emulator (key create dates, signature times)
/// and the operator: the article's rotation over 97 days with a working key in the Secret at every step, console
/// passwords, and what turning a feature off or deleting the user removes.
/// </summary>
public sealed class UserCredentialsEndToEndTests : IAsyncLifetime
{
    private const string CiBot = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: ci-bot, namespace: ci, uid: 6f1c1f9e-0000-4000-8000-000000000001 }
        spec:
          path: /ci/
          accessKey:
            secretRef: { name: ci-bot-aws }
        """;

    private const string Dana = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: dana, namespace: team, uid: 6f1c1f9e-0000-4000-8000-000000000002 }
        spec:
          consoleAccess:
            enabled: true
            passwordSecretRef: { name: dana-console }
        """;

    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Day0);
    private readonly InMemorySecretStore secrets = new();
    private readonly VerificationSwitch verification = DispatchProxy.Create<IIamApi, VerificationSwitch>() as VerificationSwitch ?? throw new InvalidOperationException();
    private IamEmulatorServer server = null!;
    private IIamApi iam = null!;

    public async Task InitializeAsync()
    {
        server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { TimeProvider = time }, 0);
        var credential = EmulatorCredential.DocumentationExample;
        iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint,
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = 10_000,
            Burst = 10_000,
            MaxAttempts = 1,
        }, NullLoggerFactory.Instance, time);
        verification.Inner = iam;
    }

    public async Task DisposeAsync()
    {
        (iam as IDisposable)?.Dispose();
        await server.DisposeAsync();
    }

    private IamResourceReconciler Reconciler() => new((IIamApi)(object)verification, new DictionaryLookup(), new ReconcileSettings
    {
        OwnerId = "cluster-a",
        AccessKeyVerificationAttempts = 1,
    }, time, NullLoggerFactory.Instance);

    /// <summary>One reconcile, its outcome recorded in status as the status writer records it.</summary>
    private async Task<ReconcileOutcome> ReconcileAsync(IIamResource resource)
    {
        var outcome = await Reconciler().ReconcileAsync(resource, ReconcileOptions.Apply with { CredentialSecrets = secrets }, default);
        resource.Status ??= new IamResourceStatus();
        resource.Status.IamName = outcome.IamName ?? resource.Status.IamName;
        resource.Status.Arn = outcome.Arn ?? resource.Status.Arn;
        if (outcome.CredentialsManaged)
            (resource.Status.AccessKey, resource.Status.ConsoleAccess) = (outcome.AccessKey, outcome.ConsoleAccess);
        return outcome;
    }

    private void AdvanceTo(double day) => time.SetUtcNow(Day0.AddDays(day));

    private static CredentialSecretRef Ref(string ns, string name) =>
        new(ns, name, new CredentialSecretOwner("iamoperator.dev/v1alpha1", "IamUser", name, ""));

    /// <summary>The key in the Secret signs sts:GetCallerIdentity and IAM answers with the user's ARN.</summary>
    private async Task<string> SecretKeyWorksAsync(string expectedArn)
    {
        var data = secrets.Data("ci", "ci-bot-aws")!;
        var identity = await iam.GetCallerIdentityAsync(new StaticIamCredentials(data["AWS_ACCESS_KEY_ID"]!, data["AWS_SECRET_ACCESS_KEY"]!), default);
        Assert.Equal(expectedArn, identity.Arn);
        return data["AWS_ACCESS_KEY_ID"]!;
    }

    private async Task<IReadOnlyList<string>> KeysAsync() => [.. (await iam.ListAccessKeysAsync("ci-bot", default)).Select(k => $"{k.AccessKeyId}:{k.Status}")];

    [Fact]
    public async Task Day_0_creates_a_key_day_90_verifies_a_second_one_into_the_Secret_day_97_retires_the_first_with_a_working_key_at_every_step()
    {
        var user = Manifests.One(CiBot);

        var created = await ReconcileAsync(user);
        Assert.True(created.IsReady, created.Message);
        var arn = created.Arn!;
        var first = await SecretKeyWorksAsync(arn);
        Assert.Equal([$"{first}:Active"], await KeysAsync());
        Assert.Equal((first, Day0.AddDays(90).UtcDateTime), (user.Status!.AccessKey!.AccessKeyId, user.Status.AccessKey.NextRotationTime));

        AdvanceTo(89.9);
        var quiet = await ReconcileAsync(user);
        Assert.Equal((0, first), (quiet.Writes, await SecretKeyWorksAsync(arn)));

        AdvanceTo(90);
        var rotated = await ReconcileAsync(user);
        Assert.True(rotated.IsReady, rotated.Message);
        Assert.Equal(1, rotated.Writes); // CreateAccessKey; verified before the Secret was written
        var second = await SecretKeyWorksAsync(arn);
        Assert.NotEqual(first, second);
        Assert.Equal(new[] { $"{first}:Active", $"{second}:Active" }.Order(), (await KeysAsync()).Order());
        Assert.Equal((second, first, Day0.AddDays(97).UtcDateTime), (user.Status.AccessKey.AccessKeyId, user.Status.AccessKey.PreviousAccessKeyId, user.Status.AccessKey.RetireTime));
        // The old key still works during the grace period: consumers that have not reloaded the Secret keep running.
        Assert.Equal(arn, (await iam.GetCallerIdentityAsync(new StaticIamCredentials(first, secrets.History("ci", "ci-bot-aws")[0]["AWS_SECRET_ACCESS_KEY"]!), default)).Arn);

        AdvanceTo(96.9);
        Assert.Equal(0, (await ReconcileAsync(user)).Writes);
        Assert.Equal(second, await SecretKeyWorksAsync(arn));

        AdvanceTo(97);
        var retired = await ReconcileAsync(user);
        Assert.True(retired.IsReady, retired.Message);
        Assert.Equal(2, retired.Writes); // UpdateAccessKey (Inactive), then DeleteAccessKey
        Assert.Equal([$"{second}:Active"], await KeysAsync());
        Assert.Equal(second, await SecretKeyWorksAsync(arn));
        Assert.Null(user.Status.AccessKey.PreviousAccessKeyId);
        // Every version the Secret ever held was a key IAM accepted.
        Assert.Equal([first, second], secrets.History("ci", "ci-bot-aws").Select(d => d["AWS_ACCESS_KEY_ID"]));
    }

    [Fact]
    public async Task A_new_key_that_does_not_verify_is_deleted_the_Secret_keeps_the_old_key_and_the_rotation_resumes_once_verification_works()
    {
        var user = Manifests.One(CiBot);
        var arn = (await ReconcileAsync(user)).Arn!;
        var first = await SecretKeyWorksAsync(arn);

        AdvanceTo(90);
        verification.FailGivenCredentials = true;
        var failed = await ReconcileAsync(user);

        Assert.Equal(ConditionReasons.AccessKeyVerificationFailed, failed.Reason);
        Assert.True(failed.IsStalled && failed.IsRetryableFailure);
        Assert.Contains("did not verify", failed.Message);
        Assert.Equal(2, failed.Writes); // the new key, and its deletion
        Assert.Equal(first, await SecretKeyWorksAsync(arn));
        Assert.Equal([$"{first}:Active"], await KeysAsync());

        verification.FailGivenCredentials = false;
        var resumed = await ReconcileAsync(user);
        Assert.True(resumed.IsReady, resumed.Message);
        Assert.NotEqual(first, await SecretKeyWorksAsync(arn));
    }

    [Fact]
    public async Task A_key_someone_else_added_stalls_the_due_rotation_and_is_never_deleted()
    {
        var user = Manifests.One(CiBot);
        var arn = (await ReconcileAsync(user)).Arn!;
        AdvanceTo(10);
        var theirs = await iam.CreateAccessKeyAsync("ci-bot", default);

        AdvanceTo(90);
        var blocked = await ReconcileAsync(user);

        Assert.Equal(ConditionReasons.AccessKeyRotationBlocked, blocked.Reason);
        Assert.Contains(theirs.AccessKeyId, blocked.Message);
        Assert.Contains($"{theirs.AccessKeyId}:Active", await KeysAsync());
        await SecretKeyWorksAsync(arn);
    }

    [Fact]
    public async Task Removing_spec_accessKey_deletes_the_operators_key_and_its_Secret()
    {
        var user = (IamUser)Manifests.One(CiBot);
        await ReconcileAsync(user);

        user.Spec.AccessKey = null;
        var off = await ReconcileAsync(user);

        Assert.True(off.IsReady, off.Message);
        Assert.Equal(1, off.Writes);
        Assert.Empty(await KeysAsync());
        Assert.Null(secrets.Data("ci", "ci-bot-aws"));
        Assert.Null(user.Status!.AccessKey);
    }

    [Fact]
    public async Task A_console_password_is_set_once_and_changed_only_when_the_reset_annotation_gets_a_new_value_and_enabled_false_removes_it()
    {
        var user = (IamUser)Manifests.One(Dana);
        var created = await ReconcileAsync(user);
        Assert.True(created.IsReady, created.Message);
        var first = secrets.Data("team", "dana-console")!;
        Assert.Equal(("dana", "https://123456789012.signin.aws.amazon.com/console"), (first["username"], first["signInUrl"]));
        Assert.True((await iam.GetLoginProfileAsync("dana", default))!.PasswordResetRequired);

        AdvanceTo(30);
        Assert.Equal(0, (await ReconcileAsync(user)).Writes);
        Assert.Equal(first["password"], secrets.Data("team", "dana-console")!["password"]);

        user.Metadata.Annotations = new Dictionary<string, string> { [ConsoleAccessSpec.ResetPasswordAnnotation] = "lost-it" };
        var reset = await ReconcileAsync(user);
        var second = secrets.Data("team", "dana-console")!;
        Assert.Equal(1, reset.Writes);
        Assert.NotEqual(first["password"], second["password"]);
        Assert.Equal(("lost-it", "lost-it"), (second["passwordResetHandled"], user.Status!.ConsoleAccess!.PasswordResetHandled));
        Assert.Equal(0, (await ReconcileAsync(user)).Writes);

        user.Spec.ConsoleAccess!.Enabled = false;
        var off = await ReconcileAsync(user);
        Assert.Equal(1, off.Writes);
        Assert.Null(await iam.GetLoginProfileAsync("dana", default));
        Assert.Null(secrets.Data("team", "dana-console"));
    }

    [Fact]
    public async Task A_console_password_the_operator_did_not_set_is_never_replaced_unasked()
    {
        await iam.CreateUserAsync(new CreateUserRequest("dana", Tags: [new IamTag(KubernetesApiGroup.OwnerTagKey, "cluster-a/team/dana")]), default);
        await iam.CreateLoginProfileAsync("dana", "Someone-Elses-Password-1", false, default);
        var user = (IamUser)Manifests.One(Dana);

        var blocked = await ReconcileAsync(user);

        Assert.Equal(ConditionReasons.ConsoleAccessNotManaged, blocked.Reason);
        Assert.Contains(ConsoleAccessSpec.ResetPasswordAnnotation, blocked.Message);
        Assert.Null(secrets.Data("team", "dana-console"));
    }

    [Fact]
    public async Task Deleting_the_IamUser_deletes_its_Secrets_with_the_IAM_user()
    {
        var user = Manifests.One(CiBot);
        await ReconcileAsync(user);

        var deleted = await Reconciler().DeleteAsync(user, ReconcileOptions.Apply with { CredentialSecrets = secrets }, default);

        Assert.True(deleted.FinalizerRemovable, deleted.Message);
        Assert.Null(secrets.Data("ci", "ci-bot-aws"));
        await Assert.ThrowsAsync<IamApiException>(() => iam.GetUserAsync("ci-bot", default));
    }

    /// <summary>Makes sts:GetCallerIdentity with given credentials fail as STS does for a key it does not accept.</summary>
    public class VerificationSwitch : DispatchProxy
    {
        public IIamApi Inner { get; set; } = null!;
        public bool FailGivenCredentials { get; set; }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IIamApi.GetCallerIdentityAsync) && args![0] is not null && FailGivenCredentials)
            {
                return Task.FromException<IamCallerIdentity>(new IamApiException(IamErrorCode.AuthFailure, "InvalidClientTokenId",
                    "The security token included in the request is invalid.", "req-1", 403, "GetCallerIdentity"));
            }

            return method.Invoke(Inner, args);
        }
    }

    /// <summary>Secrets in memory, every version kept, owned by whoever first wrote them (as ownerReferences make it).</summary>
    private sealed class InMemorySecretStore : ICredentialSecretStore
    {
        private readonly Dictionary<(string, string), (CredentialSecretOwner Owner, List<CredentialSecretData> Versions, bool Deleted)> secrets = [];

        public IReadOnlyDictionary<string, string?>? Data(string ns, string name) =>
            secrets.TryGetValue((ns, name), out var s) && !s.Deleted ? s.Versions[^1].Values.ToDictionary(v => v.Key, v => (string?)v.Value) : null;

        public IReadOnlyList<IReadOnlyDictionary<string, string?>> History(string ns, string name) =>
            [.. secrets[(ns, name)].Versions.Select(v => v.Values.ToDictionary(p => p.Key, p => (string?)p.Value))];

        public Task<CredentialSecret?> ReadAsync(CredentialSecretRef secret, CancellationToken cancellationToken) =>
            Task.FromResult(secrets.TryGetValue((secret.Namespace, secret.Name), out var s) && !s.Deleted
                ? new CredentialSecret(s.Versions[^1], s.Owner == secret.Owner)
                : null);

        public Task WriteAsync(CredentialSecretRef secret, CredentialSecretData data, CancellationToken cancellationToken)
        {
            if (secrets.TryGetValue((secret.Namespace, secret.Name), out var s) && !s.Deleted)
            {
                if (s.Owner != secret.Owner) throw new CredentialSecretConflictException($"Secret {secret.Namespace}/{secret.Name} belongs to someone else");
                s.Versions.Add(data);
            }
            else if (s.Versions is { } versions)
            {
                versions.Add(data);
                secrets[(secret.Namespace, secret.Name)] = (secret.Owner, versions, false);
            }
            else
            {
                secrets[(secret.Namespace, secret.Name)] = (secret.Owner, [data], false);
            }
            return Task.CompletedTask;
        }

        public Task DeleteAsync(CredentialSecretRef secret, CancellationToken cancellationToken)
        {
            if (secrets.TryGetValue((secret.Namespace, secret.Name), out var s) && s.Owner == secret.Owner)
                secrets[(secret.Namespace, secret.Name)] = s with { Deleted = true };
            return Task.CompletedTask;
        }
    }
}
