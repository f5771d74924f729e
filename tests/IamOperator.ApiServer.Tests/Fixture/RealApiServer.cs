using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// The upstream CRD API server (k8s.io/apiextensions-apiserver) with its own etcd, on 127.0.0.1,
/// on free ports and with fresh data in a temporary folder, authenticated by a client certificate
/// in <c>system:masters</c>. It serves CRDs and custom resources with the real validation, watch,
/// status, finalizer and conflict semantics, but not the core API (no Events, Namespaces, Secrets).
/// </summary>
public sealed class RealApiServer : IAsyncDisposable
{
    private static readonly string[] DisabledAdmissionPlugins =
    [
        // Each needs the core API or built-in groups that this server does not serve.
        "NamespaceLifecycle", "MutatingAdmissionPolicy", "MutatingAdmissionWebhook",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook",
    ];

    private readonly RealApiServerOptions options;
    private readonly TimeProvider time;
    private readonly string directory;
    private readonly List<ServerProcess> processes = [];

    private RealApiServer(RealApiServerOptions options, TimeProvider time, string directory)
    {
        this.options = options;
        this.time = time;
        this.directory = directory;
    }

    /// <summary>The apiserver's base address, e.g. https://127.0.0.1:43121.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A kubeconfig file for this server (client certificate, CA), e.g. for a process under test.</summary>
    public string KubeconfigPath => Path.Combine(directory, "kubeconfig");

    /// <summary>A client configuration for this server; every call gets a fresh copy.</summary>
    public KubernetesClientConfiguration ClientConfiguration =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);

    public IKubernetes CreateClient() => new Kubernetes(ClientConfiguration);

    /// <summary>Output of etcd and the apiserver so far, for diagnosing a failure.</summary>
    public string Log => string.Join(Environment.NewLine, processes.Select(p => p.Tail()));

    public static async Task<RealApiServer> StartAsync(
        RealApiServerOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new RealApiServerOptions();
        if (options.Binaries.MissingReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        // A free port can be taken by another process between our probe and the server's bind: try again then.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("iam-operator-apiserver-").FullName;
            var server = new RealApiServer(options, time ?? TimeProvider.System, directory);
            try
            {
                await server.StartProcessesAsync(cancellationToken);
                return server;
            }
            catch (ServerExitedException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var certificates = ApiServerCertificates.Create(time);
        var pki = Directory.CreateDirectory(Path.Combine(directory, "pki")).FullName;
        var caFile = Write(pki, "ca.crt", certificates.CaCertificatePem);
        var servingCert = Write(pki, "apiserver.crt", certificates.ServingCertificatePem);
        var servingKey = Write(pki, "apiserver.key", certificates.ServingKeyPem);

        var ports = FreePorts(3);
        var (etcdClientPort, etcdPeerPort, apiPort) = (ports[0], ports[1], ports[2]);
        Endpoint = new Uri($"https://127.0.0.1:{apiPort}");
        await File.WriteAllTextAsync(KubeconfigPath, Kubeconfig(Endpoint, certificates), cancellationToken);

        var etcdClientUrl = $"http://127.0.0.1:{etcdClientPort}";
        var etcdPeerUrl = $"http://127.0.0.1:{etcdPeerPort}";
        processes.Add(ServerProcess.Start("etcd", options.Binaries.EtcdPath,
        [
            "--name", "test", "--data-dir", Path.Combine(directory, "etcd"),
            "--listen-client-urls", etcdClientUrl, "--advertise-client-urls", etcdClientUrl,
            "--listen-peer-urls", etcdPeerUrl, "--initial-advertise-peer-urls", etcdPeerUrl,
            "--initial-cluster", $"test={etcdPeerUrl}",
            "--unsafe-no-fsync", "--log-level", "warn",
        ]));

        // Alone, the server authenticates and authorizes through itself: the kubeconfig's client
        // certificate is in system:masters, which the authorizer always allows.
        processes.Add(ServerProcess.Start("apiserver", options.Binaries.ApiServerPath,
        [
            "--etcd-servers", etcdClientUrl,
            "--bind-address", "127.0.0.1", "--secure-port", apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cert-dir", pki, "--tls-cert-file", servingCert, "--tls-private-key-file", servingKey,
            "--client-ca-file", caFile,
            "--kubeconfig", KubeconfigPath,
            "--authentication-kubeconfig", KubeconfigPath,
            "--authorization-kubeconfig", KubeconfigPath,
            "--authentication-skip-lookup",
            "--disable-admission-plugins", string.Join(',', DisabledAdmissionPlugins),
            "--enable-priority-and-fairness=false",
            "--min-request-timeout", ((int)options.MinRequestTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]));

        await WaitUntilReadyAsync(certificates, cancellationToken);
    }

    private async Task WaitUntilReadyAsync(ApiServerCertificates certificates, CancellationToken cancellationToken)
    {
        using var clientCertificate = X509Certificate2.CreateFromPem(certificates.ClientCertificatePem, certificates.ClientKeyPem);
        using var ca = X509Certificate2.CreateFromPem(certificates.CaCertificatePem);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => TrustedBy(ca, certificate),
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        // One informer (v1 Services) never syncs without the core API.
        var readyz = new Uri(Endpoint, "/readyz?exclude=informer-sync");
        var deadline = time.GetUtcNow() + options.StartupTimeout;
        var lastAnswer = "no answer";
        while (time.GetUtcNow() < deadline)
        {
            foreach (var process in processes.Where(p => p.HasExited))
            {
                throw new ServerExitedException($"{process.Name} exited with code {process.ExitCode} while starting:{Environment.NewLine}{Log}");
            }

            try
            {
                using var response = await http.GetAsync(readyz, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastAnswer = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                lastAnswer = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        throw new TimeoutException($"the apiserver at {Endpoint} was not ready within {options.StartupTimeout} (last answer: {lastAnswer}):{Environment.NewLine}{Log}");
    }

    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }

    /// <summary>
    /// Installs every CustomResourceDefinition in the YAML files of <paramref name="directory"/> and
    /// waits until each is Established. A CRD the server refuses (not structural, a CEL rule that does
    /// not compile, …) fails with the server's message. One already installed is kept as it is, so
    /// test classes sharing a server may each install what they need.
    /// </summary>
    public async Task<IReadOnlyList<V1CustomResourceDefinition>> InstallCrdsAsync(string directory, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
        var installed = new List<V1CustomResourceDefinition>();
        foreach (var file in files)
        {
            foreach (var document in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file, cancellationToken)))
            {
                if (document is V1CustomResourceDefinition crd)
                {
                    installed.Add(await InstallCrdAsync(crd, cancellationToken));
                }
            }
        }

        return installed;
    }

    /// <summary>Creates one CRD (unless one of that name exists) and waits until the server reports it Established.</summary>
    public async Task<V1CustomResourceDefinition> InstallCrdAsync(V1CustomResourceDefinition crd, CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // AlreadyExists: installed earlier in this test run.
        }
        catch (HttpOperationException e)
        {
            throw new InvalidOperationException($"the apiserver refused CRD {crd.Metadata.Name}: {(int)e.Response.StatusCode} {e.Response.Content}", e);
        }

        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            var current = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
            var conditions = current.Status?.Conditions ?? [];
            if (conditions.Any(c => c.Type == "NamesAccepted" && c.Status == "False"))
            {
                var message = conditions.First(c => c.Type == "NamesAccepted").Message;
                throw new InvalidOperationException($"the apiserver did not accept the names of CRD {crd.Metadata.Name}: {message}");
            }

            if (conditions.Any(c => c.Type == "Established" && c.Status == "True"))
            {
                return current;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"CRD {crd.Metadata.Name} was not Established within 30 s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The apiserver first, so it does not log etcd's disappearance.
        for (var i = processes.Count - 1; i >= 0; i--)
        {
            await processes[i].StopAsync();
        }

        processes.Clear();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the test run; the folder is under the temp path.
        }
    }

    private static string Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    // All listeners are held until every port is known, so the three ports differ.
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private static string Kubeconfig(Uri endpoint, ApiServerCertificates certificates)
    {
        static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {endpoint.GetLeftPart(UriPartial.Authority)}
                certificate-authority-data: {Base64(certificates.CaCertificatePem)}
            users:
            - name: {ApiServerCertificates.ClientUser}
              user:
                client-certificate-data: {Base64(certificates.ClientCertificatePem)}
                client-key-data: {Base64(certificates.ClientKeyPem)}
            contexts:
            - name: test
              context:
                cluster: test
                user: {ApiServerCertificates.ClientUser}
                namespace: default
            current-context: test
            """;
    }
}
