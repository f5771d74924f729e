using System.Diagnostics;
using System.Text;
using IamOperator.Hosting;
using IamOperator.Iam;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmark 6: the article's boto3 scripts (create_groups.py, create_users.py) as a sequential baseline —
/// one call at a time: create_group + attach_group_policy per group, then create_user + add_user_to_group
/// per user, an EntityAlreadyExists taken as "[SKIP]" — beside <c>apply</c> of the same groups and users,
/// each from empty and then run again, against the embedded emulator with a fixed latency per call.
/// </summary>
public static class ScriptBaselineBenchmark
{
    /// <summary>The article's groups and the AWS managed policy each one gets.</summary>
    internal static readonly (string Group, string PolicyArn)[] Groups =
    [
        ("Developers", "arn:aws:iam::aws:policy/PowerUserAccess"),
        ("DevOps", "arn:aws:iam::aws:policy/AdministratorAccess"),
        ("ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
    ];

    public static async Task RunAsync(TextWriter output, IReadOnlyList<int> sizes, TimeSpan latency)
    {
        var table = new Table("users", "tool", "run", "wall time", "IAM calls", "writes", "calls/write");
        foreach (var users in sizes)
        {
            var team = Enumerable.Range(0, users).Select(i => ($"user-{i:D4}", Groups[i % Groups.Length].Group)).ToList();
            await using (var iam = await EmbeddedIam.StartAsync())
            {
                iam.Emulator.Faults.Latency = latency;
                foreach (var run in new[] { "from empty", "again" })
                {
                    iam.Statistics.Reset();
                    var clock = Stopwatch.StartNew();
                    await ScriptsAsync(iam.Iam, team);
                    Add(table, users, "boto3 scripts, sequential", run, clock.Elapsed, iam);
                }
            }

            var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-baseline-{Environment.ProcessId}-{users}");
            WriteFolder(folder, team);
            try
            {
                await using var iam = await EmbeddedIam.StartAsync();
                iam.Emulator.Faults.Latency = latency;
                foreach (var run in new[] { "from empty", "again" })
                {
                    iam.Statistics.Reset();
                    var (report, elapsed) = await FolderApplyBenchmark.ApplyAsync(folder, iam);
                    if (report.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"apply of the baseline's team failed (exit {report.ExitCode}): {report.Summary()}");
                    }

                    Add(table, users, "iam-operator apply", run, elapsed, iam);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        table.WriteTo(output, $"6. The article's scripts one call at a time vs apply (3 groups, N users each in one; emulator latency {latency.TotalMilliseconds:0} ms per call)");
    }

    private static void Add(Table table, int users, string tool, string run, TimeSpan elapsed, EmbeddedIam iam) =>
        table.Add(users, tool, run, elapsed, iam.Statistics.TotalCalls, iam.Statistics.WriteCalls,
            iam.Statistics.WriteCalls == 0 ? "-" : (double)iam.Statistics.TotalCalls / iam.Statistics.WriteCalls);

    /// <summary>What create_groups.py and create_users.py do, call for call.</summary>
    internal static async Task ScriptsAsync(IIamApi iam, IReadOnlyList<(string User, string Group)> team)
    {
        foreach (var (group, policyArn) in Groups)
        {
            if (await SkippingExistingAsync(() => iam.CreateGroupAsync(group, null, CancellationToken.None)))
            {
                await iam.AttachPolicyAsync(IamPrincipal.Group(group), policyArn, CancellationToken.None);
            }
        }

        foreach (var (user, group) in team)
        {
            if (await SkippingExistingAsync(() => iam.CreateUserAsync(new CreateUserRequest(user), CancellationToken.None)))
            {
                await iam.AddUserToGroupAsync(group, user, CancellationToken.None);
            }
        }
    }

    /// <summary>The scripts' <c>except EntityAlreadyExistsException: [SKIP] ... return True</c>.</summary>
    private static async Task<bool> SkippingExistingAsync(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (IamApiException e) when (e.ErrorCode == IamErrorCode.EntityAlreadyExists)
        {
        }

        return true;
    }

    internal static void WriteFolder(string folder, IReadOnlyList<(string User, string Group)> team)
    {
        Directory.CreateDirectory(folder);
        var yaml = new StringBuilder();
        foreach (var (group, policyArn) in Groups)
        {
            yaml.Append($$"""
                ---
                apiVersion: iamoperator.dev/v1alpha1
                kind: IamGroup
                metadata: { name: {{group.ToLowerInvariant()}}, namespace: baseline }
                spec:
                  iamName: {{group}}
                  permissions:
                    managedPolicyArns: [{{policyArn}}]

                """);
        }

        foreach (var (user, group) in team)
        {
            yaml.Append($$"""
                ---
                apiVersion: iamoperator.dev/v1alpha1
                kind: IamUser
                metadata: { name: {{user}}, namespace: baseline }
                spec:
                  requireMfa: false
                  groupRefs: [{ name: {{group.ToLowerInvariant()}} }]

                """);
        }

        File.WriteAllText(Path.Combine(folder, "team.yaml"), yaml.ToString());
    }
}
