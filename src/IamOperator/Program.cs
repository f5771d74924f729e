using IamOperator.Cli;

// iam-operator: one executable, stable verbs that people script against (see Cli/CliApplication.cs).
return await CliApplication.InvokeAsync(CliApplication.CreateRoot(), args);
