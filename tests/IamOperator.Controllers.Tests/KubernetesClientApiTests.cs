using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace IamOperator.Controllers.Tests;

/// <summary>The KubernetesClient adapter against canned apiserver answers: paths, patch types, error mapping, watch streams.</summary>
public sealed class KubernetesClientApiTests
{
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly CannedApiServer server = new();
    private readonly KubernetesClientApi api;
    private readonly CancellationToken ct = TestContext.Timeout(10);

    public KubernetesClientApiTests() =>
        api = new KubernetesClientApi(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }, server));

    [Fact]
    public async Task Get_of_a_missing_object_returns_null()
    {
        server.Answer = _ => Status(HttpStatusCode.NotFound, "NotFound", "widgets.example.com \"a\" not found");

        Assert.Null(await api.GetAsync<Widget>(Kind, "default", "a", ct));
        Assert.Equal("/apis/example.com/v1/namespaces/default/widgets/a", server.Requests.Single().Path);
    }

    [Fact]
    public async Task A_stale_replace_surfaces_as_ConflictException_with_the_apiserver_message()
    {
        const string message = "Operation cannot be fulfilled on widgets.example.com \"a\": the object has been modified; please apply your changes to the latest version and try again";
        server.Answer = _ => Status(HttpStatusCode.Conflict, "Conflict", message);
        var widget = Widget.New("a");
        widget.Metadata.ResourceVersion = "3";

        var e = await Assert.ThrowsAsync<ConflictException>(() => api.ReplaceAsync(Kind, widget, ct));

        Assert.Equal(message, e.Message);
        Assert.Equal("PUT", server.Requests.Single().Method);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "AlreadyExists", typeof(AlreadyExistsException))]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Invalid", typeof(InvalidResourceException))]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden", typeof(ForbiddenException))]
    [InlineData(HttpStatusCode.Gone, "Expired", typeof(ResourceVersionExpiredException))]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", typeof(KubernetesApiException))]
    public async Task Error_answers_map_to_typed_exceptions(HttpStatusCode code, string reason, Type expected)
    {
        server.Answer = _ => Status(code, reason, $"the apiserver says {reason}");

        var e = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => api.CreateAsync(Kind, Widget.New("a"), ct));

        Assert.Equal(expected, e.GetType());
        Assert.Equal((int)code, e.StatusCode);
        Assert.Equal($"the apiserver says {reason}", e.Message);
    }

    [Fact]
    public async Task PatchStatus_sends_a_conditional_merge_patch_to_the_status_subresource()
    {
        server.Answer = _ => Json(HttpStatusCode.OK, """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a","namespace":"default","resourceVersion":"6"}}""");

        var patched = await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, "5", ct);

        var request = server.Requests.Single();
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/apis/example.com/v1/namespaces/default/widgets/a/status", request.Path);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"status":{"phase":"Ready"},"metadata":{"resourceVersion":"5"}}"""), JsonNode.Parse(request.Body)));
        Assert.Equal("6", patched.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchMetadata_sends_a_merge_patch_of_metadata_to_the_object()
    {
        server.Answer = _ => Json(HttpStatusCode.OK, """{"metadata":{"name":"a","namespace":"default","finalizers":["x/y"]}}""");

        await api.PatchMetadataAsync<Widget>(Kind, "default", "a", new JsonObject { ["finalizers"] = new JsonArray("x/y") }, "9", ct);

        var request = server.Requests.Single();
        Assert.Equal("/apis/example.com/v1/namespaces/default/widgets/a", request.Path);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"metadata":{"finalizers":["x/y"],"resourceVersion":"9"}}"""), JsonNode.Parse(request.Body)));
    }

    [Fact]
    public async Task List_follows_continue_tokens_and_keeps_the_first_page_s_resourceVersion()
    {
        server.Answer = r => r.RequestUri!.Query.Contains("continue=next", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"b","namespace":"x"}}]}""")
            : Json(HttpStatusCode.OK, """{"metadata":{"resourceVersion":"10","continue":"next"},"items":[{"metadata":{"name":"a","namespace":"x"}}]}""");

        var list = await api.ListAsync<Widget>(Kind, null, ct);

        Assert.Equal(["a", "b"], list.Items.Select(i => i.Metadata.Name));
        Assert.Equal("10", list.ResourceVersion);
        Assert.Equal("/apis/example.com/v1/widgets", server.Requests[0].Path);
        Assert.Contains("limit=500", server.Requests[0].Query);
    }

    [Fact]
    public async Task Watch_asks_for_bookmarks_yields_events_and_ends_with_Gone_as_ResourceVersionExpiredException()
    {
        server.Answer = _ => Json(HttpStatusCode.OK, string.Join('\n',
            """{"type":"ADDED","object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a","namespace":"default","resourceVersion":"8"},"spec":{"color":"red"}}}""",
            """{"type":"BOOKMARK","object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"resourceVersion":"12"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 7 (9)","reason":"Expired","code":410}}""") + "\n");
        var events = new List<WatchEvent<Widget>>();

        var e = await Assert.ThrowsAsync<ResourceVersionExpiredException>(async () =>
        {
            await foreach (var change in api.WatchAsync<Widget>(Kind, "default", "7", allowBookmarks: true, ct))
            {
                events.Add(change);
            }
        });

        Assert.Equal("too old resource version: 7 (9)", e.Message);
        Assert.Equal([WatchEventKind.Added, WatchEventKind.Bookmark], events.Select(x => x.Type));
        Assert.Equal("red", events[0].Object.Spec.Color);
        Assert.Equal("12", events[1].Object.Metadata.ResourceVersion);
        var query = server.Requests.Single().Query;
        Assert.Contains("watch=true", query);
        Assert.Contains("allowWatchBookmarks=true", query);
        Assert.Contains("resourceVersion=7", query);
        Assert.Matches("timeoutSeconds=[3-5][0-9][0-9]", query);
    }

    [Fact]
    public async Task A_watch_asks_the_server_to_end_it_between_the_minimum_watch_timeout_and_twice_that()
    {
        var shortWatches = new KubernetesClientApi(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }, server), TimeSpan.FromSeconds(10));
        server.Answer = _ => Json(HttpStatusCode.OK, "");

        for (var i = 0; i < 20; i++)
        {
            await foreach (var _ in shortWatches.WatchAsync<Widget>(Kind, "default", "7", allowBookmarks: true, ct))
            {
            }
        }

        Assert.All(server.Requests, r => Assert.Matches("timeoutSeconds=1[0-9](&|$)", r.Query));
    }

    [Fact]
    public void A_minimum_watch_timeout_under_one_second_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KubernetesClientApi(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }), TimeSpan.FromMilliseconds(500)));

    [Fact]
    public async Task A_watch_the_server_closes_cleanly_just_ends()
    {
        server.Answer = _ => Json(HttpStatusCode.OK, """{"type":"DELETED","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"9"}}}""" + "\n");

        var events = new List<WatchEvent<Widget>>();
        await foreach (var change in api.WatchAsync<Widget>(Kind, null, "7", allowBookmarks: false, ct))
        {
            events.Add(change);
        }

        Assert.Equal(WatchEventKind.Deleted, Assert.Single(events).Type);
        Assert.Equal("/apis/example.com/v1/widgets", server.Requests.Single().Path);
    }

    [Fact]
    public async Task Leases_and_Events_use_their_built_in_API_groups()
    {
        server.Answer = r => r.Method == HttpMethod.Get
            ? Status(HttpStatusCode.NotFound, "NotFound", "leases.coordination.k8s.io \"l\" not found")
            : Json(HttpStatusCode.Created, """{"metadata":{"name":"l","namespace":"ops"}}""");

        Assert.Null(await api.GetLeaseAsync("ops", "l", ct));
        await api.CreateLeaseAsync(new k8s.Models.V1Lease { Metadata = new() { Name = "l", NamespaceProperty = "ops" } }, ct);
        await api.CreateEventAsync(new k8s.Models.Eventsv1Event { Metadata = new() { Name = "e", NamespaceProperty = "ops" } }, ct);

        Assert.Equal(
            ["/apis/coordination.k8s.io/v1/namespaces/ops/leases/l", "/apis/coordination.k8s.io/v1/namespaces/ops/leases", "/apis/events.k8s.io/v1/namespaces/ops/events"],
            server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Secrets_use_the_core_API_and_a_conditional_delete_sends_a_resourceVersion_precondition()
    {
        server.Answer = r => r.Method == HttpMethod.Get
            ? Status(HttpStatusCode.NotFound, "NotFound", "secrets \"s\" not found")
            : Json(HttpStatusCode.OK, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"team-a","resourceVersion":"4"}}""");
        var secret = new k8s.Models.V1Secret { Metadata = new() { Name = "s", NamespaceProperty = "team-a", ResourceVersion = "3" } };

        Assert.Null(await api.GetSecretAsync("team-a", "s", ct));
        await api.CreateSecretAsync(secret, ct);
        await api.ReplaceSecretAsync(secret, ct);
        await api.DeleteSecretAsync("team-a", "s", "4", ct);

        Assert.Equal(
            [("GET", "/api/v1/namespaces/team-a/secrets/s"), ("POST", "/api/v1/namespaces/team-a/secrets"),
             ("PUT", "/api/v1/namespaces/team-a/secrets/s"), ("DELETE", "/api/v1/namespaces/team-a/secrets/s")],
            server.Requests.Select(r => (r.Method, r.Path)));
        Assert.Equal("4", (string?)JsonNode.Parse(server.Requests[3].Body)!["preconditions"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Secrets_are_listed_and_watched_with_the_label_selector_in_one_namespace_or_all()
    {
        server.Answer = r => r.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"type":"ADDED","object":{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"team-a","resourceVersion":"8"}}}""" + "\n")
            : Json(HttpStatusCode.OK, """{"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"s","namespace":"team-a"}}]}""");

        var list = await api.ListSecretsAsync(null, "app.kubernetes.io/managed-by=iam-operator", ct);
        var events = new List<WatchEvent<k8s.Models.V1Secret>>();
        await foreach (var change in api.WatchSecretsAsync("team-a", "app.kubernetes.io/managed-by=iam-operator", "7", allowBookmarks: true, ct))
        {
            events.Add(change);
        }

        Assert.Equal("7", list.ResourceVersion);
        Assert.Equal("s", Assert.Single(events).Object.Metadata.Name);
        Assert.Equal("/api/v1/secrets", server.Requests[0].Path);
        Assert.Equal("/api/v1/namespaces/team-a/secrets", server.Requests[1].Path);
        Assert.All(server.Requests, r => Assert.Contains("labelSelector=app.kubernetes.io/managed-by=iam-operator", r.Query));
        Assert.Contains("allowWatchBookmarks=true", server.Requests[1].Query);
    }

    private static HttpResponseMessage Status(HttpStatusCode code, string reason, string message) =>
        Json(code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = (int)code,
        }.ToJsonString());

    private static HttpResponseMessage Json(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Stands in for the apiserver at the HTTP layer: records requests and answers with <see cref="Answer"/>.</summary>
    private sealed class CannedApiServer : DelegatingHandler
    {
        public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NotImplemented);

        public List<RecordedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(
                request.Method.Method, request.RequestUri!.AbsolutePath, Uri.UnescapeDataString(request.RequestUri.Query),
                request.Content?.Headers.ContentType?.MediaType, body));
            var response = Answer(request);
            response.RequestMessage = request;
            return response;
        }
    }

    private sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body);
}
