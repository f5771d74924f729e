using System.Net;
using System.Text;

namespace IamOperator.Iam.Tests;

/// <summary>
/// Stands in for IAM's HTTP endpoint: records every request (after signing) and answers from a
/// script, one response (or exception) per request, the last one repeating.
/// </summary>
internal sealed class FakeIamHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond;
    private readonly List<RecordedRequest> requests = [];

    public FakeIamHandler(Func<RecordedRequest, int, HttpResponseMessage> respond) => this.respond = (r, i, _) => Task.FromResult(respond(r, i));

    public FakeIamHandler(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond) => this.respond = respond;

    public static FakeIamHandler Answering(params Func<HttpResponseMessage>[] script) =>
        new((_, index) => script[Math.Min(index, script.Length - 1)]());

    public IReadOnlyList<RecordedRequest> Requests { get { lock (requests) return [.. requests]; } }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType?.ToString(), body);
        int index;
        lock (requests)
        {
            index = requests.Count;
            requests.Add(recorded);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return await respond(recorded, index, cancellationToken);
    }

    public static HttpResponseMessage Xml(string xml, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    public static HttpResponseMessage Error(string code, string message, HttpStatusCode status, string type = "Sender") => Xml($"""
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error>
          <RequestId>err-{code}-request</RequestId>
        </ErrorResponse>
        """, status);

    /// <summary>An IAM success response in the API reference's shape: ActionResponse / ActionResult / ResponseMetadata.</summary>
    public static HttpResponseMessage Result(string action, string resultXml, string requestId = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE") => Xml($"""
        <{action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <{action}Result>{resultXml}</{action}Result>
          <ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata>
        </{action}Response>
        """);

    public static HttpResponseMessage Empty(string action) => Xml($"""
        <{action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
        </{action}Response>
        """);
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    /// <summary>The decoded form parameters of the body.</summary>
    public IReadOnlyDictionary<string, string> Form => Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");

    public string Action => Form["Action"];
}
