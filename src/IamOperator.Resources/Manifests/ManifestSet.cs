namespace IamOperator.Resources.Manifests;

/// <summary>What a folder or text of manifests holds: the valid resources, the problems of the invalid documents, and notes on what was skipped.</summary>
public sealed record ManifestSet(
    IReadOnlyList<IIamResource> Resources,
    IReadOnlyList<ManifestProblem> Problems,
    IReadOnlyList<string> Notes)
{
    public static ManifestSet Empty { get; } = new([], [], []);

    public bool HasProblems => Problems.Count > 0;
}
