using System.Reflection;
using IamOperator.Iam;

namespace IamOperator.Tests;

/// <summary>
/// Wraps an <see cref="IIamApi"/> to see how it is called: the most calls in flight at once, and
/// optionally an action the endpoint does not implement (answered as LocalStack does, HTTP 501).
/// </summary>
public class ObservedIamApi : DispatchProxy
{
    private IIamApi inner = null!;
    private string? unimplemented;
    private int inFlight;
    private int maxInFlight;

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public static (IIamApi Iam, ObservedIamApi Observer) Wrap(IIamApi inner, string? unimplementedMethod = null)
    {
        var proxy = Create<IIamApi, ObservedIamApi>();
        var observer = (ObservedIamApi)(object)proxy;
        observer.inner = inner;
        observer.unimplemented = unimplementedMethod;
        return (proxy, observer);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == unimplemented)
        {
            var failure = new IamApiException(IamErrorCode.Unknown, "NotImplemented", "not implemented", null, 501, targetMethod.Name.Replace("Async", ""));
            return typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [failure]);
        }
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = Volatile.Read(ref maxInFlight); now > seen; seen = Volatile.Read(ref maxInFlight))
            if (Interlocked.CompareExchange(ref maxInFlight, now, seen) == seen) break;
        var result = targetMethod.Invoke(inner, args);
        // The call leaves the count when it completes, before its caller goes on to the next call.
        return targetMethod.ReturnType.IsGenericType
            ? typeof(ObservedIamApi).GetMethod(nameof(LeavingWith), BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(this, [result])
            : Leaving((Task)result!);
    }

    private async Task<T> LeavingWith<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task Leaving(Task call)
    {
        try
        {
            await call;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
