using System.CommandLine;
using IamOperator.Iam.Emulator;

namespace IamOperator.Cli;

/// <summary>
/// <c>iam-operator emulator --port PORT</c>: serves the in-memory IAM on 127.0.0.1 until Ctrl+C,
/// so the AWS CLI or any SDK can be pointed at it.
/// </summary>
public static class EmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", Required = true };
        var accountId = new Option<string>("--account-id") { Description = "12-digit account id used in ARNs.", DefaultValueFactory = _ => new IamEmulatorOptions().AccountId };
        var accessKeyId = new Option<string?>("--access-key-id") { Description = "Access key id to accept instead of the AWS documentation example." };
        var secretAccessKey = new Option<string?>("--secret-access-key") { Description = "Secret access key that goes with --access-key-id." };

        var command = new Command("emulator", "Serve an in-memory AWS IAM (Query API, SigV4-verified) on 127.0.0.1 until Ctrl+C.");
        command.Options.Add(port);
        command.Options.Add(accountId);
        command.Options.Add(accessKeyId);
        command.Options.Add(secretAccessKey);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(accessKeyId) is null) != (result.GetValue(secretAccessKey) is null))
            {
                result.AddError("--access-key-id and --secret-access-key must be given together.");
            }

            if (result.GetValue(port) is < 0 or > 65535)
            {
                result.AddError($"--port must be between 0 and 65535, got {result.GetValue(port)}.");
            }

            // Null when the option is absent: the default applies.
            if (result.GetValue(accountId) is { } account && (account.Length != 12 || !account.All(char.IsAsciiDigit)))
            {
                result.AddError($"--account-id must be 12 digits, got '{account}'.");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var credential = parseResult.GetValue(accessKeyId) is { } keyId
                ? new EmulatorCredential(keyId, parseResult.GetValue(secretAccessKey)!)
                : EmulatorCredential.DocumentationExample;
            var options = new IamEmulatorOptions { AccountId = parseResult.GetValue(accountId)!, Credentials = [credential] };
            await using var server = await IamEmulatorServer.StartAsync(options, parseResult.GetValue(port), cancellationToken);

            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"IAM emulator listening on {server.Endpoint} (account {options.AccountId}). Ctrl+C stops it.");
            output.WriteLine("Use it with:");
            output.WriteLine($"  export AWS_ACCESS_KEY_ID={credential.AccessKeyId}");
            output.WriteLine($"  export AWS_SECRET_ACCESS_KEY={credential.SecretAccessKey}");
            output.WriteLine("  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1");
            output.WriteLine($"  aws --endpoint-url {server.Endpoint.ToString().TrimEnd('/')} iam list-users");

            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("Stopping the IAM emulator.");
            }

            return 0;
        });
        return command;
    }
}
