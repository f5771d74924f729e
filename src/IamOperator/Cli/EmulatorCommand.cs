using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using IamOperator.Iam.Emulator;

namespace IamOperator.Cli;

/// <summary>
/// <c>iam-operator emulator --port PORT [--latency 150ms] [--rate-limit 20] …</c>: serves the in-memory IAM on
/// 127.0.0.1 until Ctrl+C, so the AWS CLI or any SDK can be pointed at it, optionally as slow, throttled,
/// failing or eventually consistent as the real IAM can be.
/// </summary>
public static partial class EmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", Required = true };
        var accountId = new Option<string>("--account-id") { Description = "12-digit account id used in ARNs.", DefaultValueFactory = _ => new IamEmulatorOptions().AccountId };
        var accessKeyId = new Option<string?>("--access-key-id") { Description = "Access key id to accept instead of the AWS documentation example." };
        var secretAccessKey = new Option<string?>("--secret-access-key") { Description = "Secret access key that goes with --access-key-id." };
        var latency = new Option<string?>("--latency") { Description = "Delay added to every call, Go-style (150ms, 2s)." };
        var rateLimit = new Option<double?>("--rate-limit") { Description = "Account-wide token bucket: calls per second; beyond it IAM's Throttling (400, \"Rate exceeded\")." };
        var burst = new Option<int?>("--burst") { Description = "Calls the bucket lets through at once (default: one second's worth of --rate-limit)." };
        var failureRate = new Option<double?>("--failure-rate") { Description = "Share of calls (0 to 1) answered with ServiceFailure (500) and not performed." };
        var visibilityDelay = new Option<string?>("--visibility-delay") { Description = "Eventual consistency: writes reach reads only after this delay, Go-style (2s)." };
        var seed = new Option<int?>("--seed") { Description = "Seed for --failure-rate, so a run fails the same calls every time." };
        var quota = new Option<string[]>("--quota") { Description = $"NAME=N: an account quota raised (or lowered) from IAM's default, as Service Quotas would; NAME is one of {string.Join(", ", AccountQuotas.Keys)} (repeatable)." };

        var command = new Command("emulator", "Serve an in-memory AWS IAM (Query API, SigV4-verified) on 127.0.0.1 until Ctrl+C.");
        foreach (var option in new Option[] { port, accountId, accessKeyId, secretAccessKey, latency, rateLimit, burst, failureRate, visibilityDelay, seed, quota })
        {
            command.Options.Add(option);
        }

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

            foreach (var (option, text) in new[] { (latency, result.GetValue(latency)), (visibilityDelay, result.GetValue(visibilityDelay)) })
            {
                if (text is not null && !TryParseDelay(text, out _))
                {
                    result.AddError($"{option.Name} must be a Go-style duration such as 150ms, 2s or 1m30s, got '{text}'.");
                }
            }

            if (result.GetValue(rateLimit) is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                result.AddError($"--rate-limit must be a positive number of calls per second, got {rate.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (result.GetValue(burst) is { } calls && (calls < 1 || result.GetValue(rateLimit) is null))
            {
                result.AddError(calls < 1 ? $"--burst must be at least 1, got {calls}." : "--burst needs --rate-limit.");
            }

            if (result.GetValue(failureRate) is { } share && share is not (>= 0 and <= 1))
            {
                result.AddError($"--failure-rate must be between 0 and 1, got {share.ToString(CultureInfo.InvariantCulture)}.");
            }

            foreach (var entry in result.GetValue(quota) ?? [])
            {
                if (!TryParseQuota(entry, out _, out _))
                {
                    result.AddError($"--quota must be NAME=N with NAME one of {string.Join(", ", AccountQuotas.Keys)} and N a whole number of at least 1, got '{entry}'.");
                }
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var credential = parseResult.GetValue(accessKeyId) is { } keyId
                ? new EmulatorCredential(keyId, parseResult.GetValue(secretAccessKey)!)
                : EmulatorCredential.DocumentationExample;
            var quotas = new IamQuotas();
            foreach (var entry in parseResult.GetValue(quota) ?? [])
            {
                TryParseQuota(entry, out var name, out var value);
                quotas = AccountQuotas[name](quotas, value);
            }

            var options = new IamEmulatorOptions { AccountId = parseResult.GetValue(accountId)!, Credentials = [credential], Quotas = quotas };
            IamEmulatorServer server;
            try
            {
                server = await IamEmulatorServer.StartAsync(options, parseResult.GetValue(port), cancellationToken);
            }
            catch (IOException e)
            {
                // A port in use is the user's to change, not a bug to report (exit 70).
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"emulator: cannot listen on 127.0.0.1 port {parseResult.GetValue(port)}: {e.Message} Choose another --port (0 picks a free one).");
                return ExitCodes.ListenerUnavailable;
            }
            await using var _ = server;
            var faults = server.Faults;
            faults.RandomSeed = parseResult.GetValue(seed);
            faults.Latency = Duration(parseResult.GetValue(latency));
            faults.VisibilityDelay = Duration(parseResult.GetValue(visibilityDelay));
            faults.FailureRate = parseResult.GetValue(failureRate) ?? 0;
            if (parseResult.GetValue(rateLimit) is { } rate)
            {
                faults.ThrottleBurst = parseResult.GetValue(burst) ?? (int)Math.Max(1, Math.Ceiling(rate));
                faults.ThrottleRequestsPerSecond = rate;
            }

            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"IAM emulator listening on {server.Endpoint} (account {options.AccountId}). Ctrl+C stops it.");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Faults: latency {faults.Latency.TotalMilliseconds}ms, rate limit {(faults.ThrottleRequestsPerSecond is { } limit ? $"{limit}/s (burst {faults.ThrottleBurst})" : "none")}, failure rate {faults.FailureRate}, visibility delay {faults.VisibilityDelay.TotalMilliseconds}ms."));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Account quotas: {quotas.Users} users, {quotas.Groups} groups, {quotas.Roles} roles, {quotas.CustomerManagedPolicies} customer managed policies, {quotas.InstanceProfiles} instance profiles."));
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

    /// <summary>The per-account entity quotas <c>--quota</c> sets; the other quotas stay IAM's defaults.</summary>
    private static readonly Dictionary<string, Func<IamQuotas, int, IamQuotas>> AccountQuotas = new(StringComparer.OrdinalIgnoreCase)
    {
        ["users"] = (q, n) => q with { Users = n },
        ["groups"] = (q, n) => q with { Groups = n },
        ["roles"] = (q, n) => q with { Roles = n },
        ["customer-managed-policies"] = (q, n) => q with { CustomerManagedPolicies = n },
        ["instance-profiles"] = (q, n) => q with { InstanceProfiles = n },
    };

    private static bool TryParseQuota(string entry, out string name, out int value)
    {
        value = 0;
        name = entry.Split('=', 2)[0].Trim();
        return entry.Split('=', 2) is [_, var number]
            && AccountQuotas.ContainsKey(name)
            && int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= 1;
    }

    private static TimeSpan Duration(string? text) => text is null ? TimeSpan.Zero : TryParseDelay(text, out var duration) ? duration : TimeSpan.Zero;

    /// <summary>A fault delay: a Go duration (the CLI's one parser), never negative.</summary>
    private static bool TryParseDelay(string text, out TimeSpan duration) =>
        GoDuration.TryParse(text, out duration) && duration >= TimeSpan.Zero;
}
