using System.CommandLine;

namespace IamOperator.Cli;

/// <summary><c>iam-operator plan -f DIR</c>: what apply would create, change or delete, without writing to IAM.</summary>
public static class PlanCommand
{
    public static Command Create() => FolderCommand.Create("plan",
        "Show, per resource, the IAM writes that would make IAM match the manifests in a folder; writes nothing. "
        + "Exit codes: 0 success, 1 invalid input, 2 IAM failures, 4 AWS credentials missing or rejected, 5 IAM unreachable, 8 an access check failed or could not be decided; "
        + "with --detailed-exitcode 0 no changes, 2 changes pending, 1 any error.");
}
