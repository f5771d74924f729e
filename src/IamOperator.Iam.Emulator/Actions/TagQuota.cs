using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.Actions;

internal static class TagQuota
{
    /// <summary>IAM's answer when a resource would carry more than its tag quota (50).</summary>
    public static IamErrorException Exceeded(int quota) =>
        IamError.LimitExceeded($"The number of tags has reached the maximum limit of {quota}.").ToException();
}
