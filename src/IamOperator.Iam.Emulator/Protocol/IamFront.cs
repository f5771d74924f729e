using System.Xml.Linq;
using IamOperator.Iam.Emulator.Actions;
using IamOperator.Iam.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// The HTTP side of the emulator: every request, whatever its path or method, is a Query-protocol
/// call answered in IAM's XML. Order: body size, count, latency, signature, throttle, injected failure,
/// Action and Version, parameter rules, action. A request signed for service sts is a call to STS on the
/// same endpoint (<see cref="CallerIdentityAction"/>), answered in STS's XML.
/// </summary>
internal sealed class IamFront
{
    private readonly IamAccount account;
    private readonly ActionTable actions;
    private readonly EmulatorFaults faults;
    private readonly EmulatorStatistics statistics;
    private readonly TimeProvider timeProvider;
    private readonly SigV4Verifier verifier;
    private readonly TokenBucket throttle;
    private readonly DelayedReads delayedReads;

    public IamFront(IamAccount account, ActionTable actions, EmulatorFaults faults, EmulatorStatistics statistics, TimeProvider timeProvider)
    {
        this.account = account;
        this.actions = actions;
        this.faults = faults;
        this.statistics = statistics;
        this.timeProvider = timeProvider;
        throttle = new TokenBucket(timeProvider);
        delayedReads = new DelayedReads(account);
        verifier = new SigV4Verifier(
            accessKeyId =>
            {
                lock (account.Sync)
                {
                    return account.FindCredential(accessKeyId);
                }
            },
            timeProvider);
    }

    /// <summary>
    /// Answers one request, always in IAM's XML with a request id: a bug in an action answers IAM's
    /// ServiceFailure (500) rather than an empty 500 from the web server.
    /// </summary>
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        int status;
        byte[] body;
        try
        {
            (status, body) = await AnswerAsync(context, requestId).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            (status, body) = Failure(IamError.ServiceFailure(), requestId);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(int Status, byte[] Body)> AnswerAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        if (await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false) is not { } body)
        {
            statistics.RecordCall("", isWrite: false);
            return Failure(new IamError("RequestEntityTooLarge", $"Request body must not exceed {QueryParameters.MaxBodyBytes} bytes.", 413), requestId);
        }

        var parameters = QueryParameters.Parse(request.QueryString.Value, request.ContentType, body);
        var actionName = parameters.GetValueOrDefault("Action");
        var action = actionName is null ? null : actions.Find(actionName);
        statistics.RecordCall(actionName ?? "", action?.CountsAsWrite ?? false);

        var latency = faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, timeProvider, context.RequestAborted).ConfigureAwait(false);
        }

        var signed = new SignedRequest(
            request.Method,
            request.Path.HasValue ? request.PathBase.Add(request.Path).ToUriComponent() : "/",
            (request.QueryString.Value ?? "").TrimStart('?'),
            request.Headers.ToDictionary(header => header.Key, header => (IReadOnlyList<string>)header.Value.Select(value => value ?? "").ToList(), StringComparer.OrdinalIgnoreCase),
            body);
        var scope = (CredentialScopeOf(signed.Header("Authorization")) ?? parameters.GetValueOrDefault("X-Amz-Credential") ?? "").Split('/');
        var accessKeyId = scope[0].Length == 0 ? null : scope[0];
        var service = scope.Length == 5 ? scope[3] : SigV4Verifier.Service;
        XNamespace ns = service == SigV4Verifier.StsService ? CallerIdentityAction.Ns : IamXml.Ns;
        if (verifier.Verify(signed) is { } authError)
        {
            return Failure(authError, requestId, ns);
        }

        lock (account.Sync)
        {
            account.RecordKeyUse(accessKeyId!, service, SigV4Verifier.Region);
        }

        if (faults.ThrottleRequestsPerSecond is { } rate && !throttle.TryTake(rate, faults.ThrottleBurst))
        {
            statistics.RecordThrottled();
            return Failure(IamError.Throttling(), requestId, ns);
        }

        if (faults.ShouldFail())
        {
            return Failure(IamError.ServiceFailure(), requestId, ns);
        }

        if (service == SigV4Verifier.StsService)
        {
            if (CallerIdentityAction.Problem(actionName, parameters.GetValueOrDefault("Version")) is { } stsError)
            {
                return Failure(stsError, requestId, ns);
            }

            lock (account.Sync)
            {
                return (200, CallerIdentityAction.Answer(account, accessKeyId!, requestId));
            }
        }

        if (actionName is null)
        {
            return Failure(new IamError("MissingAction", "Missing Action", 400), requestId);
        }

        if (QueryParameters.VersionProblem(actionName, action is not null, parameters.GetValueOrDefault("Version")) is { } versionError)
        {
            return Failure(versionError, requestId);
        }

        if (QueryParameters.Problem(parameters) is { } parameterError)
        {
            return Failure(parameterError, requestId);
        }

        try
        {
            lock (account.Sync)
            {
                var delay = faults.VisibilityDelay;
                var call = new IamRequest(actionName, parameters, accessKeyId);
                if (!action!.IsWrite)
                {
                    var read = delayedReads.ReadAction(actionName, delay) ?? action;
                    return (200, IamXml.Response(actionName, read.Handle(call), requestId));
                }

                delayedReads.BeforeWrite(delay);
                var result = action.Handle(call);
                delayedReads.AfterWrite(delay);
                return (200, IamXml.Response(actionName, result, requestId));
            }
        }
        catch (IamErrorException exception)
        {
            return Failure(exception.Error, requestId);
        }
    }

    private static (int, byte[]) Failure(IamError error, string requestId, XNamespace? ns = null) => (error.HttpStatus, IamXml.Error(error, requestId, ns));

    /// <summary>The body, or null when it is larger than <see cref="QueryParameters.MaxBodyBytes"/> (read no further).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > QueryParameters.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > QueryParameters.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The Credential field of a SigV4 Authorization header: key id/date/region/service/aws4_request.</summary>
    private static string? CredentialScopeOf(string? authorization)
    {
        const string marker = "Credential=";
        var start = authorization?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (authorization is null || start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = authorization.IndexOf(',', start);
        return (end < 0 ? authorization[start..] : authorization[start..end]).Trim();
    }
}
