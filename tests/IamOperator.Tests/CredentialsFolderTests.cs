using System.Text;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Testing;
using IamOperator.Testing.Otlp;
using k8s;
using k8s.Models;

namespace IamOperator.Tests;

/// <summary>
/// Folder mode's credentials: <c>apply --credentials-dir DIR</c> writes each IamUser's Secret as a Kubernetes Secret
/// manifest (mode 0600), reads it back so a second apply changes nothing, never overwrites a file it did not write,
/// and no secret or password reaches stdout, stderr, logs or spans.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX's
public sealed class CredentialsFolderTests : IAsyncLifetime
{
    private const string Users = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: ci-bot, namespace: ci }
        spec:
          path: /ci/
          accessKey:
            secretRef: { name: ci-bot-aws }
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: dana, namespace: team }
        spec:
          consoleAccess:
            enabled: true
            passwordSecretRef: { name: dana-console }
        """;

    private readonly string root = Directory.CreateTempSubdirectory("iamoperator-credentials-").FullName;
    private IamEmulatorServer server = null!;

    private string Manifests => Path.Combine(root, "manifests");
    private string Credentials => Path.Combine(root, "credentials");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Manifests);
        await File.WriteAllTextAsync(Path.Combine(Manifests, "users.yaml"), Users);
        server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> ApplyAsync(params string[] extra) =>
        CliRun.InvokeAsync(["apply", "-f", Manifests, "--iam-endpoint", server.Endpoint.ToString(), "--owner-id", "ci-test",
            "--iam-requests-per-second", "10000", .. extra]);

    private static IamQueryClientScope Client(IamEmulatorServer server, StaticIamCredentials? credentials = null)
    {
        var example = EmulatorCredential.DocumentationExample;
        return new IamQueryClientScope(IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint,
            Credentials = credentials ?? new StaticIamCredentials(example.AccessKeyId, example.SecretAccessKey),
        }));
    }

    private sealed class IamQueryClientScope(IIamApi iam) : IDisposable
    {
        public IIamApi Iam { get; } = iam;
        public void Dispose() => (Iam as IDisposable)?.Dispose();
    }

    private static Dictionary<string, string> SecretData(string path)
    {
        var secret = KubernetesYaml.Deserialize<V1Secret>(File.ReadAllText(path));
        return secret.Data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value));
    }

    [Fact]
    public async Task Apply_with_credentials_dir_writes_each_Secret_as_an_owner_only_manifest_whose_credentials_work_and_a_second_apply_changes_nothing()
    {
        // A strict policy: the emulator refuses a login profile whose password breaks it (PasswordPolicyViolation).
        using (var person = new OutOfBandIam(server))
        {
            await person.OkAsync("UpdateAccountPasswordPolicy", ("MinimumPasswordLength", "40"), ("RequireSymbols", "true"), ("RequireNumbers", "true"),
                ("RequireUppercaseCharacters", "true"), ("RequireLowercaseCharacters", "true"), ("PasswordReusePrevention", "24"));
        }

        var (exitCode, output, error) = await ApplyAsync("--credentials-dir", Credentials);
        Assert.True(exitCode == 0, output + error);

        var keyFile = Path.Combine(Credentials, "ci.ci-bot-aws.yaml");
        var consoleFile = Path.Combine(Credentials, "team.dana-console.yaml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(consoleFile));
        Assert.Equal(["ci.ci-bot-aws.yaml", "team.dana-console.yaml"], Directory.GetFiles(Credentials).Select(Path.GetFileName).Order());
        var manifest = KubernetesYaml.Deserialize<V1Secret>(await File.ReadAllTextAsync(keyFile));
        Assert.Equal(("v1", "Secret", "ci", "ci-bot-aws"), (manifest.ApiVersion, manifest.Kind, manifest.Metadata.NamespaceProperty, manifest.Metadata.Name));
        Assert.Null(manifest.Metadata.OwnerReferences);

        var key = SecretData(keyFile);
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], key.Keys.Order());
        using (var asBot = Client(server, new StaticIamCredentials(key["AWS_ACCESS_KEY_ID"], key["AWS_SECRET_ACCESS_KEY"])))
            Assert.Equal("arn:aws:iam::123456789012:user/ci/ci-bot", (await asBot.Iam.GetCallerIdentityAsync(null, default)).Arn);

        var console = SecretData(consoleFile);
        Assert.Equal(("dana", "https://123456789012.signin.aws.amazon.com/console"), (console["username"], console["signInUrl"]));
        using var admin = Client(server);
        Assert.True((await admin.Iam.GetLoginProfileAsync("dana", default))!.PasswordResetRequired);
        Assert.Equal(40, console["password"].Length);
        // The Secret holds the very password IAM took: the reuse check refuses to set it again.
        var reused = await Assert.ThrowsAsync<IamApiException>(() => admin.Iam.UpdateLoginProfileAsync("dana", console["password"], null, default));
        Assert.Equal(IamErrorCode.PasswordPolicyViolation, reused.ErrorCode);

        var before = (File.ReadAllText(keyFile), File.ReadAllText(consoleFile));
        var writesBefore = server.Statistics.WriteCalls;
        var (again, againOutput, againError) = await ApplyAsync("--credentials-dir", Credentials);

        Assert.True(again == 0, againOutput + againError);
        Assert.Equal(writesBefore, server.Statistics.WriteCalls);
        Assert.Equal(before, (File.ReadAllText(keyFile), File.ReadAllText(consoleFile)));
        Assert.Single(await admin.Iam.ListAccessKeysAsync("ci-bot", default));
    }

    [Fact]
    public async Task Without_credentials_dir_apply_creates_no_credentials_and_says_so_per_user()
    {
        var (exitCode, output, error) = await ApplyAsync();

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("credentials: access key (Secret ci/ci-bot-aws) not managed in this run", output);
        Assert.Contains("credentials: console password (Secret team/dana-console) not managed in this run", output);
        using var admin = Client(server);
        Assert.Empty(await admin.Iam.ListAccessKeysAsync("ci-bot", default));
        Assert.Null(await admin.Iam.GetLoginProfileAsync("dana", default));
    }

    [Fact]
    public async Task Plan_with_credentials_dir_says_what_apply_would_create_and_writes_no_file()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync(["plan", "-f", Manifests, "--iam-endpoint", server.Endpoint.ToString(),
            "--owner-id", "ci-test", "--credentials-dir", Credentials]);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("credentials: access key: would create a key (the user has no access key yet), verify it with sts:GetCallerIdentity and write it to Secret ci/ci-bot-aws", output);
        Assert.Contains("credentials: console password: would create a login profile with a generated password and write Secret team/dana-console", output);
        Assert.Empty(Directory.GetFiles(Credentials));
    }

    [Fact]
    public async Task Plan_counts_a_user_whose_only_pending_change_is_its_credentials_as_a_change_for_detailed_exitcode()
    {
        Assert.Equal(0, (await ApplyAsync()).ExitCode);
        string[] plan = ["plan", "-f", Manifests, "--iam-endpoint", server.Endpoint.ToString(), "--owner-id", "ci-test", "--detailed-exitcode"];

        var (withoutCredentials, _, _) = await CliRun.InvokeAsync(plan);
        var (pending, output, error) = await CliRun.InvokeAsync([.. plan, "--credentials-dir", Credentials]);

        Assert.Equal(0, withoutCredentials);
        Assert.True(pending == 2, output + error);
        Assert.Contains("2 to change", output);
    }

    [Fact]
    public async Task A_credentials_dir_that_is_a_symlink_or_a_file_is_refused_with_exit_7_before_any_IAM_call()
    {
        var real = Directory.CreateDirectory(Path.Combine(root, "real")).FullName;
        var link = Path.Combine(root, "link");
        Directory.CreateSymbolicLink(link, real);
        var file = Path.Combine(root, "file");
        await File.WriteAllTextAsync(file, "");

        var (linkExit, _, linkError) = await ApplyAsync("--credentials-dir", link);
        var (fileExit, _, fileError) = await ApplyAsync("--credentials-dir", file);

        Assert.Equal((ExitCodes.FileUnavailable, ExitCodes.FileUnavailable), (linkExit, fileExit));
        Assert.Contains($"--credentials-dir {link} is a symbolic link", linkError);
        Assert.Contains($"--credentials-dir {file} is a file, not a directory", fileError);
        Assert.Equal(0, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task A_Secret_file_the_operator_did_not_write_is_never_overwritten_and_the_key_made_for_it_is_deleted_again()
    {
        Directory.CreateDirectory(Credentials);
        var theirs = Path.Combine(Credentials, "ci.ci-bot-aws.yaml");
        await File.WriteAllTextAsync(theirs, "apiVersion: v1\nkind: Secret\nmetadata: { name: ci-bot-aws, namespace: ci }\nstringData: { note: mine }\n");

        var (exitCode, output, error) = await ApplyAsync("--credentials-dir", Credentials);

        Assert.True(exitCode == ExitCodes.InvalidInput, output + error);
        Assert.Contains("CredentialSecretConflict", output);
        Assert.Contains("stringData: { note: mine }", await File.ReadAllTextAsync(theirs));
        using var admin = Client(server);
        Assert.Empty(await admin.Iam.ListAccessKeysAsync("ci-bot", default));
    }

    [Fact]
    public async Task No_secret_access_key_or_password_appears_on_stdout_stderr_in_logs_or_in_spans()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string output, error;
        using (new OtlpEnvironment(receiver, ("OTEL_SERVICE_NAME", "credentials-scan")))
        {
            int exitCode;
            (exitCode, output, error) = await CliRun.InvokeAsync(["apply", "-f", Manifests, "--embedded", "--owner-id", "ci-test",
                "--credentials-dir", Credentials, "-o", "json"]);
            Assert.True(exitCode == 0, output + error);
        }

        var secrets = new[] { SecretData(Path.Combine(Credentials, "ci.ci-bot-aws.yaml"))["AWS_SECRET_ACCESS_KEY"], SecretData(Path.Combine(Credentials, "team.dana-console.yaml"))["password"] };
        Assert.NotEmpty(receiver.Spans);
        Assert.NotEmpty(receiver.Logs);
        var telemetry = string.Join('\n', receiver.Spans.SelectMany(s => s.Attributes.Values.Concat(s.Resource.Values).Append(s.Name))
            .Concat(receiver.Logs.SelectMany(l => l.Resource.Values.Concat(l.Attributes.Values).Append(l.Body))).Select(v => v?.ToString()));
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, output);
            Assert.DoesNotContain(secret, error);
            Assert.DoesNotContain(secret, telemetry);
        });
        // The scan looked at the right places: the key id (not a secret) is in the output and the logs.
        var keyId = SecretData(Path.Combine(Credentials, "ci.ci-bot-aws.yaml"))["AWS_ACCESS_KEY_ID"];
        Assert.Contains(keyId, output);
        Assert.Contains(keyId, telemetry);
    }
}
