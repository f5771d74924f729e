using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Actions;

internal static class Boundaries
{
    /// <summary>A permissions boundary must be an existing managed policy (PutUserPermissionsBoundary errors: NoSuchEntity, PolicyNotAttachable).</summary>
    public static void Check(IamAccount account, string policyArn)
    {
        var policy = account.Policies.FindForWrite(policyArn)
            ?? throw IamError.NoSuchEntity($"Scope ARN: {policyArn} does not exist or is not attachable.").ToException();
        if (!policy.IsAttachable)
        {
            throw IamError.PolicyNotAttachable($"Policy {policyArn} is not attachable.").ToException();
        }
    }
}
