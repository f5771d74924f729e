using System.CommandLine;

namespace IamOperator.Cli;

/// <summary><c>iam-operator apply -f DIR</c>: make IAM match the manifests in a folder and print each resource's conditions.</summary>
public static class ApplyCommand
{
    public static Command Create() => FolderCommand.Create("apply",
        "Make IAM match the manifests in a folder (policies, then groups, then users and roles) and print each resource's conditions. "
        + "Exit codes: 0 success, 1 invalid input (valid resources are still applied), 2 IAM failures, 4 AWS credentials missing or rejected, 5 IAM unreachable, 7 --credentials-dir is a symlink, a file or cannot be created, 8 an access check failed or could not be decided.");
}
