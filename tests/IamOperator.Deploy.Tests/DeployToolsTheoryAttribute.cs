namespace IamOperator.Deploy.Tests;

/// <summary>A theory that needs <see cref="DeployTools"/>: skipped with a reason locally when they are missing, never under CI.</summary>
public sealed class DeployToolsTheoryAttribute : TheoryAttribute
{
    public DeployToolsTheoryAttribute()
    {
        if (!DeployTools.Installed && !DeployTools.RunningInCi)
        {
            Skip = DeployTools.MissingReason;
        }
    }
}
