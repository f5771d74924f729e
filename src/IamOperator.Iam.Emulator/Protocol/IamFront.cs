using System.Text;
using IamOperator.Iam.Emulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// The HTTP side of the emulator: every request, whatever its path or method, is a Query-protocol
/// call answered in IAM's XML. Order: count, latency, signature, throttle, injected failure, action.
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

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        var (status, body) = await AnswerAsync(context, requestId);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted);
    }

    private async Task<(int Status, string Body)> AnswerAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var parameters = Parameters(request.QueryString.Value, request.ContentType, body);
        var actionName = parameters.GetValueOrDefault("Action");
        var action = actionName is null ? null : _actions.Find(actionName);
        _statistics.RecordCall(actionName ?? "", action?.IsWrite ?? false);

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
        if (_verifier.Verify(signed) is { } authError)
        {
            return Failure(authError, requestId);
        }

        if (_faults.ThrottleRequestsPerSecond is { } rate && !_throttle.TryTake(rate, _faults.ThrottleBurst))
        {
            _statistics.RecordThrottled();
            return Failure(IamError.Throttling(), requestId);
        }

        if (_faults.ShouldFail())
        {
            return Failure(IamError.ServiceFailure(), requestId);
        }

        if (actionName is null)
        {
            return Failure(new IamError("MissingAction", "Missing Action", 400), requestId);
        }

        if (action is null)
        {
            return Failure(new IamError("InvalidAction", $"Could not find operation {actionName} for version 2010-05-08", 400), requestId);
        }

        var accessKeyId = AccessKeyOf(signed.Header("Authorization")) ?? parameters.GetValueOrDefault("X-Amz-Credential")?.Split('/')[0];
        try
        {
            lock (_account.Sync)
            {
                var delay = _faults.VisibilityDelay;
                var call = new IamRequest(actionName, parameters, accessKeyId);
                if (!action.IsWrite)
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

    private static (int, string) Failure(IamError error, string requestId) => (error.HttpStatus, IamXml.Error(error, requestId));

    /// <summary>Query string and, for form posts, the body: IAM accepts parameters in either.</summary>
    private static Dictionary<string, string> Parameters(string? queryString, string? contentType, byte[] body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(queryString))
        {
            parameters[name] = values.ToString();
        }

        if (body.Length > 0 && (contentType is null || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                parameters[name] = values.ToString();
            }
        }

        return parameters;
    }

    private static string? AccessKeyOf(string? authorization)
    {
        const string marker = "Credential=";
        var start = authorization?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (authorization is null || start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = authorization.IndexOf('/', start);
        return end < 0 ? null : authorization[start..end];
    }
}
