namespace IamOperator.Policies;

/// <summary>
/// One request to judge: an action (<c>s3:GetObject</c>), the resource ARN it targets (<c>*</c> for actions
/// that take none, such as <c>s3:ListAllMyBuckets</c>) and the request context the caller vouches for.
/// The engine reads no clock and no identity: a condition on <c>aws:CurrentTime</c> or a variable such as
/// <c>${aws:username}</c> sees only what <see cref="Context"/> carries. Keys are matched case-insensitively,
/// as IAM matches condition keys; a key with several values is a multivalued key (<c>aws:TagKeys</c>).
/// </summary>
public sealed record EvaluationRequest(string Action, string Resource = "*")
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The request with one more single-valued context key.</summary>
    public EvaluationRequest With(string key, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(key);
        var context = new Dictionary<string, IReadOnlyList<string>>(Context, StringComparer.OrdinalIgnoreCase) { [key] = values };
        return this with { Context = context };
    }
}
