using System.Text.Json;
using System.Text.Json.Serialization;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;

namespace IamOperator.Cli;

/// <summary>
/// The result of plan/apply on a folder: manifest problems, notes, one outcome per resource, and the
/// exit code. Exit codes: 0 success; 1 invalid input (a manifest problem, or a resource that is
/// invalid, refused by a guardrail or an ownership rule, blocked before any write because its
/// declaration asks for more than IAM's quotas allow, or waiting for a dependency — every valid
/// resource was still applied); 2 IAM failures (IAM refused or failed a call); 8 an access check failed or could
/// not be decided. 2 wins over 1, 1 over 8.
/// </summary>
public sealed record FolderReport(
    string Command,
    string Folder,
    string OwnerId,
    string Iam,
    IReadOnlyList<ManifestProblem> Problems,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ReconcileOutcome> Resources)
{
    public const int Success = ExitCodes.Success;
    public const int InvalidInput = ExitCodes.InvalidInput;
    public const int IamFailure = ExitCodes.IamFailure;
    public const int AccessCheckFailed = ExitCodes.AccessCheckFailed;

    private static readonly HashSet<string> IamFailureReasons =
        [ConditionReasons.RetryingAfterError, ConditionReasons.IamRejected, ConditionReasons.AccessDenied, ConditionReasons.LimitExceeded];

    /// <summary>Set when an IAM-wide failure stopped the run before every resource was reconciled.</summary>
    public FolderStop? Stopped { get; init; }

    /// <summary>The spec.accessChecks results: judged locally by plan, by IAM's simulator after apply.</summary>
    public IReadOnlyList<AccessCheckResult> AccessChecks { get; init; } = [];

    /// <summary>plan: the principals whose effective access changes; null for apply.</summary>
    public IReadOnlyList<AccessChange>? AccessChanges { get; init; }

    public int Writes => Resources.Sum(r => r.Writes);

    /// <summary>
    /// IAM refused or failed a call for the resource. A plan blocked before any call because the declaration
    /// asks for what IAM would refuse (e.g. over the attachment quota) carries IAM's reason but is invalid input.
    /// </summary>
    public static bool IsIamFailure(ReconcileOutcome outcome) =>
        IamFailureReasons.Contains(outcome.Reason) && outcome.Plan?.Blocker is not { DeclarationAtFault: true };

    public int ExitCode =>
        Stopped is { } stop ? stop.Failure.ExitCode
        : Resources.Any(IsIamFailure) ? IamFailure
        : Problems.Count > 0 || Resources.Any(r => r.IsStalled || r.Reason == ConditionReasons.WaitingForDependency) ? InvalidInput
        : AccessChecks.Any(c => c.Status != AccessCheckStatus.Passed) ? AccessCheckFailed
        : Success;

    /// <summary>plan: true when applying would write to IAM (what <c>--detailed-exitcode</c> reports as 2).</summary>
    public bool ChangesPending => Resources.Any(r => PlanCategoryOf(r) is PlanCategory.Create or PlanCategory.Change);

    private bool PlanOnly => Command == "plan";

    /// <summary>
    /// Where a planned resource is counted; every resource lands in exactly one category, so the counts of
    /// the summary add up to the number of resources. IAM failures first, then anything that cannot go ahead.
    /// </summary>
    public static PlanCategory PlanCategoryOf(ReconcileOutcome outcome) =>
        IsIamFailure(outcome) ? PlanCategory.Failed
        : outcome.IsStalled || outcome.Reason == ConditionReasons.WaitingForDependency ? PlanCategory.Blocked
        : outcome.Plan?.Change switch
        {
            PlanChange.Create => PlanCategory.Create,
            // A folder never deletes (nothing in it is being deleted), so Delete only counts as a change.
            PlanChange.Update or PlanChange.Delete => PlanCategory.Change,
            // A user whose credentials would be created or rotated is a change, even when the IAM user itself is not.
            PlanChange.None => outcome.CredentialChangesPending ? PlanCategory.Change : PlanCategory.Unchanged,
            _ => PlanCategory.Blocked,
        };

    public PlanCounts CountPlan()
    {
        var categories = Resources.Select(PlanCategoryOf).ToList();
        int Count(PlanCategory category) => categories.Count(c => c == category);
        return new PlanCounts(Count(PlanCategory.Create), Count(PlanCategory.Change), Count(PlanCategory.Unchanged),
            Count(PlanCategory.Blocked), Count(PlanCategory.Failed));
    }

    /// <summary>The last line: counts, and for apply whether anything was written.</summary>
    public string Summary()
    {
        var invalid = Problems.Select(p => (p.Source, p.DocumentIndex)).Distinct().Count();
        if (PlanOnly)
        {
            var plan = CountPlan();
            var writes = Resources.Where(r => PlanCategoryOf(r) is PlanCategory.Create or PlanCategory.Change).Sum(r => r.Plan?.Actions.Count ?? 0);
            return $"Plan: {plan.Total} resource(s): {plan.Create} to create, {plan.Change} to change, {plan.Unchanged} unchanged, "
                + $"{plan.Blocked} blocked, {plan.Failed} failed; {invalid} invalid manifest(s); {writes} IAM write(s) would be made.";
        }
        var ready = Resources.Count(r => r.IsReady);
        var stalled = Resources.Count(r => r.IsStalled);
        var pending = Resources.Count - ready - stalled;
        var counts = $"{Resources.Count} resource(s): {ready} Ready, {stalled} Stalled, {pending} not ready yet, {invalid} invalid manifest(s)";
        return Writes == 0 && ExitCode == Success
            ? $"{counts}. 0 IAM writes: everything up to date."
            : $"{counts}; {Writes} IAM write(s).";
    }

    public void WriteText(TextWriter output, TerminalStyle? style = null)
    {
        style ??= TerminalStyle.Plain;
        foreach (var outcome in Resources)
        {
            var name = outcome.IamName ?? outcome.Plan?.IamName;
            output.WriteLine($"{outcome.Resource}{(name is null ? "" : $" -> IAM {Noun(outcome)} {name}")}{(outcome.Arn is null ? "" : $" ({outcome.Arn})")}");
            if (outcome.Plan is { } plan)
            {
                output.WriteLine($"    plan: {plan.Summary()}");
                if (PlanOnly)
                    foreach (var action in plan.Actions) output.WriteLine($"      {action.Describe()}");
            }
            foreach (var note in outcome.CredentialNotes) output.WriteLine($"    {note}");
            if (!PlanOnly || outcome.IsStalled || outcome.Plan is null)
            {
                foreach (var condition in outcome.Conditions.Where(c => c.IsTrue || c.Type == ConditionTypes.Ready))
                    output.WriteLine($"    {Paint(style, condition)} {condition.Reason}: {condition.Message}");
            }

            if (outcome.InstanceProfileArn is { } profile) output.WriteLine($"    instance profile: {profile}");
            foreach (var warning in outcome.Warnings) output.WriteLine($"    {style.Yellow("warning:")} {warning}");
        }
        WriteAccessChanges(output, style);
        WriteAccessChecks(output, style);
        if (Problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(style.Red($"Invalid manifests (not {(PlanOnly ? "planned" : "applied")}):"));
            foreach (var problem in Problems) output.WriteLine($"    {PrintableText.Line(problem.ToString())}");
        }
        if (Notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Notes:");
            foreach (var note in Notes) output.WriteLine($"    {PrintableText.Line(note)}");
        }
        if (Stopped is { } stop)
        {
            output.WriteLine();
            output.WriteLine(style.Red($"Stopped, {stop.NotReconciled} resource(s) not {(PlanOnly ? "planned" : "applied")}: {stop.Failure.Message}"));
        }
        output.WriteLine();
        output.WriteLine(style.Bold(Summary()));
    }

    private void WriteAccessChanges(TextWriter output, TerminalStyle style)
    {
        if (AccessChanges is not { Count: > 0 } changes) return;
        output.WriteLine();
        output.WriteLine("Access changes (action patterns gained and lost, with the path that grants them):");
        foreach (var change in changes)
        {
            var who = PrintableText.Line(change.Principal);
            output.WriteLine($"    {PrintableText.Line(change.Resource.ToString())}:");
            foreach (var grant in change.Gained) output.WriteLine($"      {style.Green("+")} {who} gains `{PrintableText.Line(grant.Action)}` via {PrintableText.Line(grant.Via)}");
            foreach (var grant in change.Lost) output.WriteLine($"      {style.Red("-")} {who} loses `{PrintableText.Line(grant.Action)}` via {PrintableText.Line(grant.Via)}");
            if (change.Boundary is { } boundary)
                output.WriteLine($"      {style.Yellow("~")} {who}'s permissions boundary: {PrintableText.Line(boundary.Before ?? "none")} -> {PrintableText.Line(boundary.After ?? "none")}");
        }
    }

    private void WriteAccessChecks(TextWriter output, TerminalStyle style)
    {
        if (AccessChecks.Count == 0) return;
        output.WriteLine();
        var failed = AccessChecks.Count(c => c.Status != AccessCheckStatus.Passed);
        output.WriteLine($"Access checks ({(PlanOnly ? "judged against the planned policies" : "verified with IAM's policy simulator")}): "
            + $"{AccessChecks.Count - failed} passed, {AccessChecks.Count(c => c.Status == AccessCheckStatus.Failed)} failed, "
            + $"{AccessChecks.Count(c => c.Status == AccessCheckStatus.Unverifiable)} unverifiable");
        foreach (var resource in AccessChecks.GroupBy(c => c.Resource))
        {
            output.WriteLine($"    {PrintableText.Line(resource.Key.ToString())} ({PrintableText.Line(resource.First().Principal)}):");
            foreach (var check in resource)
            {
                var label = check.Status switch
                {
                    AccessCheckStatus.Passed => style.Green("PASS"),
                    AccessCheckStatus.Failed => style.Red("FAIL"),
                    _ => style.Yellow("UNVERIFIABLE"),
                };
                output.WriteLine($"      {label} [{check.Index}] {PrintableText.Line(check.Describe())}");
            }
        }
    }

    /// <summary>Ready=True green, Stalled=True red, a Ready=False that is still in progress yellow.</summary>
    private static string Paint(TerminalStyle style, ConditionState condition)
    {
        var text = $"{condition.Type}={condition.Status}";
        return (condition.Type, condition.IsTrue) switch
        {
            (ConditionTypes.Ready, true) => style.Green(text),
            (ConditionTypes.Stalled, true) => style.Red(text),
            (ConditionTypes.Ready, false) or (ConditionTypes.Reconciling, true) => style.Yellow(text),
            _ => text,
        };
    }

    public void WriteJson(TextWriter output) => output.WriteLine(JsonSerializer.Serialize(new JsonShape(
        Command, Folder, OwnerId, Iam, ExitCode, Writes, Summary(), Stopped?.Failure.Message, Stopped?.NotReconciled ?? 0,
        Problems.Select(p => new ProblemShape(p.Source, p.DocumentIndex, p.Line, p.Resource, p.FieldPath, p.Message)).ToList(),
        Notes, Resources, AccessChecks, AccessChanges), Options));

    private static readonly JsonSerializerOptions Options = new(PlanJson.Options) { WriteIndented = true };

    private static string Noun(ReconcileOutcome outcome) => outcome.Resource.Kind switch
    {
        IamPolicy.KindName => "managed policy",
        IamGroup.KindName => "group",
        IamUser.KindName => "user",
        IamAccountPasswordPolicy.KindName => "account",
        _ => "role",
    };

    private sealed record JsonShape(
        string Command, string Folder, string OwnerId, string Iam, int ExitCode, int Writes, string Summary,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stopped,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int NotReconciled,
        IReadOnlyList<ProblemShape> Problems, IReadOnlyList<string> Notes,
        [property: JsonPropertyName("resources")] IReadOnlyList<ReconcileOutcome> Resources,
        IReadOnlyList<AccessCheckResult> AccessChecks,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AccessChange>? AccessChanges);

    private sealed record ProblemShape(string Source, int Document, int? Line, string Resource, string Field, string Message);
}

/// <summary>How plan counts a resource: what applying would do to it, or why it cannot.</summary>
public enum PlanCategory
{
    Create,
    Change,
    Unchanged,
    /// <summary>Invalid, refused by a guardrail or ownership rule, over an IAM quota by its declaration, or waiting for a dependency.</summary>
    Blocked,
    /// <summary>IAM refused or failed a call while planning it.</summary>
    Failed,
}

/// <summary>The plan summary's counts; each resource is in exactly one.</summary>
public sealed record PlanCounts(int Create, int Change, int Unchanged, int Blocked, int Failed)
{
    public int Total => Create + Change + Unchanged + Blocked + Failed;
}

/// <summary>Why a run stopped early (<see cref="IamPreflight"/>'s verdict) and how many resources it did not reach.</summary>
public sealed record FolderStop(int NotReconciled, IamPreflight.Failure Failure);
