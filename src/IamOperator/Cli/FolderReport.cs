using System.Text.Json;
using System.Text.Json.Serialization;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;

namespace IamOperator.Cli;

/// <summary>
/// The result of plan/apply on a folder: manifest problems, notes, one outcome per resource, and the
/// exit code. Exit codes: 0 success; 1 invalid input (a manifest problem, or a resource that is
/// invalid, refused by a guardrail or an ownership rule, or waiting for a dependency — every valid
/// resource was still applied); 2 IAM failures (IAM refused or failed a call). 2 wins over 1.
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
    public const int Success = 0;
    public const int InvalidInput = 1;
    public const int IamFailure = 2;

    private static readonly HashSet<string> IamFailureReasons =
        [ConditionReasons.RetryingAfterError, ConditionReasons.IamRejected, ConditionReasons.AccessDenied, ConditionReasons.LimitExceeded];

    public int Writes => Resources.Sum(r => r.Writes);

    public int ExitCode =>
        Resources.Any(r => IamFailureReasons.Contains(r.Reason)) ? IamFailure
        : Problems.Count > 0 || Resources.Any(r => r.IsStalled || r.Reason == ConditionReasons.WaitingForDependency) ? InvalidInput
        : Success;

    private bool PlanOnly => Command == "plan";

    /// <summary>The last line: counts, and for apply whether anything was written.</summary>
    public string Summary()
    {
        var invalid = Problems.Select(p => (p.Source, p.DocumentIndex)).Distinct().Count();
        if (PlanOnly)
        {
            int Count(PlanChange change) => Resources.Count(r => r.Plan?.Change == change && !r.IsStalled);
            var writes = Resources.Where(r => !r.IsStalled).Sum(r => r.Plan?.Actions.Count ?? 0);
            var blocked = Resources.Count(r => r.IsStalled || r.Reason == ConditionReasons.WaitingForDependency);
            return $"Plan: {Count(PlanChange.Create)} to create, {Count(PlanChange.Update)} to change, {Count(PlanChange.None)} unchanged, "
                + $"{blocked} blocked, {invalid} invalid manifest(s); {writes} IAM write(s) would be made.";
        }
        var ready = Resources.Count(r => r.IsReady);
        var stalled = Resources.Count(r => r.IsStalled);
        var pending = Resources.Count - ready - stalled;
        var counts = $"{Resources.Count} resource(s): {ready} Ready, {stalled} Stalled, {pending} not ready yet, {invalid} invalid manifest(s)";
        return Writes == 0 && ExitCode == Success
            ? $"{counts}. 0 IAM writes: everything up to date."
            : $"{counts}; {Writes} IAM write(s).";
    }

    public void WriteText(TextWriter output)
    {
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
            if (!PlanOnly || outcome.IsStalled || outcome.Plan is null)
                foreach (var condition in outcome.Conditions.Where(c => c.IsTrue || c.Type == ConditionTypes.Ready))
                    output.WriteLine($"    {condition.Type}={condition.Status} {condition.Reason}: {condition.Message}");
            if (outcome.InstanceProfileArn is { } profile) output.WriteLine($"    instance profile: {profile}");
            foreach (var warning in outcome.Warnings) output.WriteLine($"    warning: {warning}");
        }
        if (Problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Invalid manifests (not {(PlanOnly ? "planned" : "applied")}):");
            foreach (var problem in Problems) output.WriteLine($"    {problem}");
        }
        if (Notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Notes:");
            foreach (var note in Notes) output.WriteLine($"    {note}");
        }
        output.WriteLine();
        output.WriteLine(Summary());
    }

    public void WriteJson(TextWriter output) => output.WriteLine(JsonSerializer.Serialize(new JsonShape(
        Command, Folder, OwnerId, Iam, ExitCode, Writes, Summary(),
        Problems.Select(p => new ProblemShape(p.Source, p.DocumentIndex, p.Line, p.Resource, p.FieldPath, p.Message)).ToList(),
        Notes, Resources), Options));

    private static readonly JsonSerializerOptions Options = new(PlanJson.Options) { WriteIndented = true };

    private static string Noun(ReconcileOutcome outcome) => outcome.Resource.Kind switch
    {
        IamPolicy.KindName => "managed policy",
        IamGroup.KindName => "group",
        IamUser.KindName => "user",
        _ => "role",
    };

    private sealed record JsonShape(
        string Command, string Folder, string OwnerId, string Iam, int ExitCode, int Writes, string Summary,
        IReadOnlyList<ProblemShape> Problems, IReadOnlyList<string> Notes,
        [property: JsonPropertyName("resources")] IReadOnlyList<ReconcileOutcome> Resources);

    private sealed record ProblemShape(string Source, int Document, int? Line, string Resource, string Field, string Message);
}
