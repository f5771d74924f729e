namespace IamOperator.Deploy.Tests;

/// <summary>A fact that needs <see cref="DeployTools"/>: skipped with a reason locally when they are missing, never under CI.</summary>
public sealed class DeployToolsFactAttribute : FactAttribute
{
    public DeployToolsFactAttribute()
    {
        if (!DeployTools.Installed && !DeployTools.RunningInCi)
        {
            Skip = DeployTools.MissingReason;
        }
    }
}
