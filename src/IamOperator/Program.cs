using System.CommandLine;
using IamOperator.Cli;

// iam-operator: one executable, stable verbs that people script against.
var root = new RootCommand("IamOperator: reconciles IamGroup, IamUser, IamServiceRole and IamPolicy resources into AWS IAM.");
// Each verb lives in its own file under Cli/ and adds itself here.
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(CrdsCommand.Create());
root.Subcommands.Add(EmulatorCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(ApplyCommand.Create());
root.Subcommands.Add(RunCommand.Create());
return await root.Parse(args).InvokeAsync();
