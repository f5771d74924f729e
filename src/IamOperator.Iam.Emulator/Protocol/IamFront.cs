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
    private readonly IamAccount _account;
    private readonly ActionTable _actions;
    private readonly EmulatorFaults _faults;
    private readonly EmulatorStatistics _statistics;
    private readonly TimeProvider _timeProvider;
    private readonly SigV4Verifier _verifier;
    private readonly TokenBucket _throttle;
    private readonly DelayedReads _delayedReads;

    public IamFront(IamAccount account, ActionTable actions, EmulatorFaults faults, EmulatorStatistics statistics, TimeProvider timeProvider)
    {
        _account = account;
        _actions = actions;
        _faults = faults;
        _statistics = statistics;
        _timeProvider = timeProvider;
        _throttle = new TokenBucket(timeProvider);
        _delayedReads = new DelayedReads(account);
        _verifier = new SigV4Verifier(
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
            (status, body) = await AnswerAsync(context, requestId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            (status, body) = Failure(IamError.ServiceFailure(), requestId);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task<(int Status, byte[] Body)> AnswerAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        if (await ReadBodyAsync(request, context.RequestAborted) is not { } body)
        {
            _statistics.RecordCall("", isWrite: false);
            return Failure(new IamError("RequestEntityTooLarge", $"Request body must not exceed {QueryParameters.MaxBodyBytes} bytes.", 413), requestId);
        }

        var parameters = QueryParameters.Parse(request.QueryString.Value, request.ContentType, body);
        var actionName = parameters.GetValueOrDefault("Action");
        var action = actionName is null ? null : _actions.Find(actionName);
        _statistics.RecordCall(actionName ?? "", action?.CountsAsWrite ?? false);

        var latency = _faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _timeProvider, context.RequestAborted);
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
        if (_verifier.Verify(signed) is { } authError)
        {
            return Failure(authError, requestId, ns);
        }

        lock (_account.Sync)
        {
            _account.RecordKeyUse(accessKeyId!, service, SigV4Verifier.Region);
        }

        if (_faults.ThrottleRequestsPerSecond is { } rate && !_throttle.TryTake(rate, _faults.ThrottleBurst))
        {
            _statistics.RecordThrottled();
            return Failure(IamError.Throttling(), requestId, ns);
        }

        if (_faults.ShouldFail())
        {
            return Failure(IamError.ServiceFailure(), requestId, ns);
        }

        if (service == SigV4Verifier.StsService)
        {
            if (CallerIdentityAction.Problem(actionName, parameters.GetValueOrDefault("Version")) is { } stsError)
            {
                return Failure(stsError, requestId, ns);
            }

            lock (_account.Sync)
            {
                return (200, CallerIdentityAction.Answer(_account, accessKeyId!, requestId));
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
            lock (_account.Sync)
            {
                var delay = _faults.VisibilityDelay;
                var call = new IamRequest(actionName, parameters, accessKeyId);
                if (!action!.IsWrite)
                {
                    var read = _delayedReads.ReadAction(actionName, delay) ?? action;
                    return (200, IamXml.Response(actionName, read.Handle(call), requestId));
                }

                _delayedReads.BeforeWrite(delay);
                var result = action.Handle(call);
                _delayedReads.AfterWrite(delay);
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
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
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
