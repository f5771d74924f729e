using IamOperator.Resources;
using IamOperator.Resources.Manifests;

namespace IamOperator.Reconciliation.Tests.Desired;

internal static class Manifests
{
    /// <summary>The single resource of a YAML text; fails the test when the loader rejects it.</summary>
    public static IIamResource One(string yaml)
    {
        var set = ManifestLoader.LoadText(yaml, "test.yaml");
        Assert.Empty(set.Problems);
        return Assert.Single(set.Resources);
    }
}
