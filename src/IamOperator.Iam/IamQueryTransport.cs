using System.Diagnostics;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IamOperator.Iam;

/// <summary>
/// Sends one IAM Query action: one span, rate-limited and signed attempts, retries with
/// exponential backoff and jitter for retryable failures only, IAM's XML error turned into
/// <see cref="IamApiException"/>, and the call's metrics. Never logs parameters or bodies,
/// because they can carry secrets (CreateAccessKey's response does).
/// </summary>
internal sealed partial class IamQueryTransport : IDisposable
{
    private readonly HttpClient http;
    private readonly IamQueryTarget iam;
    private readonly IamRateLimiter rateLimiter;
    private readonly IamClientMetrics metrics;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly IamSecretScrubber scrubber;
    private readonly ResiliencePipeline pipeline;
    private readonly TimeSpan attemptTimeout;

    public IamQueryTransport(
        HttpClient http, IamClientOptions options, IamRateLimiter rateLimiter, IamClientMetrics metrics, ILogger logger, TimeProvider timeProvider,
        IamSecretScrubber scrubber)
    {
        this.http = http;
        iam = new IamQueryTarget(options.Endpoint, SigV4SigningHandler.ServiceName, "IAM", UsesIamRateLimit: true);
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.logger = logger;
        this.timeProvider = timeProvider;
        this.scrubber = scrubber;
        attemptTimeout = options.AttemptTimeout;

        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        // Attempts are bounded by IamRetryPolicy.ShouldRetry (attempts for most failures, time for Throttling), not by Polly's count.
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context.Properties.GetValue(CallKey, null!), options)),
            OnRetry = args =>
            {
                var action = args.Context.Properties.GetValue(ActionKey, "");
                this.metrics.RecordRetry(action);
                var (code, requestId) = args.Outcome.Exception is IamApiException failure
                    ? (failure.Code, failure.RequestId)
                    : ("RequestTimeout", null);
                LogRetry(action, args.AttemptNumber + 1, code, requestId, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        pipeline = builder.Build();
    }

    private bool ShouldRetry(Exception? exception, CallState? call, IamClientOptions options)
    {
        var failure = exception switch
        {
            IamApiException iam => iam,
            TimeoutRejectedException => new IamApiException(IamErrorCode.NetworkFailure, "RequestTimeout", "", null, 0, ""),
            _ => null,
        };
        return failure is not null && call is not null
            && IamRetryPolicy.ShouldRetry(failure, call.Attempts - call.Throttled, timeProvider.GetElapsedTime(call.Started), options);
    }

    private static readonly ResiliencePropertyKey<CallState> CallKey = new("iam.call");
    private static readonly ResiliencePropertyKey<string> ActionKey = new("iam.action");

    /// <summary>Runs the action and returns its <c>…Result</c> element (or the response root when IAM sends none).</summary>
    public Task<XElement> SendAsync(IamQueryParameters parameters, CancellationToken cancellationToken) => SendAsync(parameters, iam, cancellationToken);

    /// <summary>Runs the action against <paramref name="target"/> (IAM's or another service's Query endpoint).</summary>
    public async Task<XElement> SendAsync(IamQueryParameters parameters, IamQueryTarget target, CancellationToken cancellationToken)
    {
        var action = parameters.Action;
        using var activity = IamTelemetry.ActivitySource.StartActivity(action, ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", target.RpcService);
        activity?.SetTag("rpc.method", action);

        var started = timeProvider.GetTimestamp();
        var call = new CallState { Started = started };
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ActionKey, action);
        context.Properties.Set(CallKey, call);
        var body = parameters.ToFormBody();
        try
        {
            var result = await pipeline.ExecuteAsync(
                static (ctx, state) => state.Transport.AttemptAsync(state.Action, state.Body, state.Target, state.Call, ctx.CancellationToken),
                context, (Transport: this, Action: action, Body: body, Target: target, Call: call)).ConfigureAwait(false);
            Complete(activity, action, call, started, null);
            return result;
        }
        catch (IamApiException failure)
        {
            Complete(activity, action, call, started, failure);
            throw;
        }
        catch (TimeoutRejectedException timeout)
        {
            var failure = new IamApiException(IamErrorCode.NetworkFailure, "RequestTimeout",
                $"no response from IAM within {attemptTimeout.TotalSeconds:0.#} s on any of {call.Attempts} attempt(s)", call.RequestId, 0, action, timeout);
            Complete(activity, action, call, started, failure);
            throw failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetTag("iamoperator.iam.attempts", call.Attempts);
            activity?.SetStatus(ActivityStatusCode.Error, "Canceled");
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void Complete(Activity? activity, string action, CallState call, long started, IamApiException? failure)
    {
        var elapsed = timeProvider.GetElapsedTime(started);
        metrics.RecordCall(action, failure is null ? "success" : failure.ErrorCode.ToString(), elapsed);
        if (activity is not null)
        {
            activity.SetTag("iamoperator.iam.attempts", call.Attempts);
            if (call.RequestId is not null)
                activity.SetTag("aws.request_id", call.RequestId);
            if (call.HttpStatus is { } status)
                activity.SetTag("http.response.status_code", status);
            if (failure is not null)
            {
                activity.SetTag("error.type", failure.Code);
                activity.SetStatus(ActivityStatusCode.Error, failure.Code);
            }
        }
        if (failure is null)
            LogSucceeded(action, call.Attempts, elapsed.TotalMilliseconds, call.RequestId);
        else
            LogFailed(action, call.Attempts, failure.Code, failure.RequestId);
    }

    /// <summary>As XDocument.Parse reads (whitespace dropped), without DTDs: IAM never sends one.</summary>
    private static readonly XmlReaderSettings ResponseReaderSettings = new()
    {
        Async = true,
        IgnoreWhitespace = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    private async ValueTask<XElement> AttemptAsync(string action, string body, IamQueryTarget target, CallState call, CancellationToken cancellationToken)
    {
        call.Attempts++;
        if (target.UsesIamRateLimit)
            await rateLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);

        using var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Options.Set(SigV4SigningHandler.SigningServiceOption, target.SigningService);
        if (target.Credentials is { } credentials)
            request.Options.Set(SigV4SigningHandler.CredentialsOption, credentials);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException network)
        {
            call.HttpStatus = null;
            throw new IamApiException(IamErrorCode.NetworkFailure, "NetworkFailure",
                Scrub(network.Message), null, 0, action, network);
        }
        catch (IOException network)
        {
            call.HttpStatus = null;
            throw new IamApiException(IamErrorCode.NetworkFailure, "NetworkFailure", Scrub(network.Message), null, 0, action, network);
        }
        catch (Amazon.Runtime.AmazonClientException noCredentials)
        {
            // The SDK's credential chain found nothing usable (no variables, profile, web identity or instance role):
            // no retry can fix that, and the caller needs to hear it as a credentials problem, not a crash.
            call.HttpStatus = null;
            throw new IamApiException(IamErrorCode.AuthFailure, IamApiException.NoCredentialsCode, Scrub(noCredentials.Message), null, 0, action, noCredentials);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            call.HttpStatus = status;
            call.RequestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;

            if (response.IsSuccessStatusCode)
            {
                if (target.UsesIamRateLimit)
                    rateLimiter.OnResponse(throttled: false);
                XElement root;
                try
                {
                    // Parsed from the buffered bytes, not from a string copy of them: a page of
                    // GetAccountAuthorizationDetails is megabytes, and its string would be one more large object per call.
                    using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    using var reader = XmlReader.Create(content, ResponseReaderSettings);
                    root = (await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false)).Root!;
                }
                catch (XmlException invalid)
                {
                    throw new IamApiException(IamErrorCode.Unknown, "InvalidResponse",
                        $"IAM answered HTTP {status} with a body that is not XML ({invalid.Message})", call.RequestId, status, action);
                }
                call.RequestId = root.Child("ResponseMetadata")?.Text("RequestId") ?? call.RequestId;
                return root.Child(action + "Result") ?? root;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var failure = ErrorFrom(action, status, text, call.RequestId);
            call.RequestId = failure.RequestId;
            var throttled = failure.ErrorCode == IamErrorCode.Throttling;
            // Every answer, not only successes, tells the limiter that IAM still serves this rate.
            if (target.UsesIamRateLimit)
                rateLimiter.OnResponse(throttled);
            if (throttled)
            {
                call.Throttled++;
                metrics.RecordThrottle(action);
            }
            throw failure;
        }
    }

    /// <summary>IAM's <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>, or the HTTP status when the body is not IAM's.</summary>
    internal IamApiException ErrorFrom(string action, int status, string body, string? headerRequestId)
    {
        string? code = null, message = null, requestId = null;
        try
        {
            var root = XDocument.Parse(body).Root!;
            var error = root.Name.LocalName == "Error" ? root : root.Child("Error") ?? root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Text("Code");
            message = error?.Text("Message");
            requestId = root.Text("RequestId") ?? error?.Text("RequestId");
        }
        catch (XmlException)
        {
            // Not IAM's XML (a proxy's HTML page, an empty body): fall back to the HTTP status below.
        }

        requestId ??= headerRequestId;
        if (string.IsNullOrEmpty(code))
        {
            var byStatus = status switch
            {
                429 => IamErrorCode.Throttling,
                403 => IamErrorCode.AccessDenied,
                >= 500 => IamErrorCode.ServiceFailure,
                _ => IamErrorCode.Unknown,
            };
            return new IamApiException(byStatus, $"HTTP{status}", $"IAM answered HTTP {status} without an IAM error code",
                requestId, status, action);
        }
        return new IamApiException(IamApiException.Parse(code), Scrub(code), Scrub(message ?? ""), requestId is null ? null : Scrub(requestId), status, action);
    }

    private string Scrub(string text) => scrubber.Scrub(text);

    public void Dispose() => http.Dispose();

    private sealed class CallState
    {
        public long Started;
        public int Attempts;
        public int Throttled;
        public int? HttpStatus;
        public string? RequestId;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "IAM {Action} succeeded after {Attempts} attempt(s) in {ElapsedMs:0} ms (request id {RequestId})")]
    private partial void LogSucceeded(string action, int attempts, double elapsedMs, string? requestId);

    // Information, not Warning: under a burst IAM throttles routinely, and the throttles/retries metrics carry the signal.
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "IAM {Action} attempt {Attempt} failed with {ErrorCode} (request id {RequestId}); retrying in {Delay}")]
    private partial void LogRetry(string action, int attempt, string errorCode, string? requestId, TimeSpan delay);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "IAM {Action} failed after {Attempts} attempt(s) with {ErrorCode} (request id {RequestId})")]
    private partial void LogFailed(string action, int attempts, string errorCode, string? requestId);
}
