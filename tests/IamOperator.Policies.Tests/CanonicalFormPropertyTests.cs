using CsCheck;
using IamOperator.Policies;

namespace IamOperator.Policies.Tests;

public sealed class CanonicalFormPropertyTests
{
    private static readonly Gen<(PolicySpec Spec, int SeedA, int SeedB)> Renderings =
        Gen.Select(PolicySpec.Generator, Gen.Int, Gen.Int);

    [Fact]
    public void Renderings_of_one_meaning_have_one_canonical_form() =>
        Renderings.Sample((spec, a, b) =>
        {
            var (left, right) = (spec.Render(a), spec.Render(b));
            Assert.Equal(PolicyDocument.Parse(left).ToCanonicalJson(), PolicyDocument.Parse(right).ToCanonicalJson());
        }, iter: 200);

    [Fact]
    public void Parsing_the_canonical_json_gives_the_canonical_json_back() =>
        Renderings.Sample((spec, a, _) =>
        {
            var canonical = PolicyDocument.Parse(spec.Render(a)).ToCanonicalJson();
            Assert.Equal(canonical, PolicyDocument.Parse(canonical).ToCanonicalJson());
        }, iter: 200);

    [Fact]
    public void A_semantic_change_changes_the_canonical_form() =>
        Gen.Select(PolicySpec.Generator, Gen.Int, Gen.Int[0, 6]).Sample((spec, seed, change) =>
        {
            var changed = spec with { Statements = [Change(spec.Statements[0], change), .. spec.Statements.Skip(1)] };
            if (change == 6) changed = spec with { Version = spec.Version == "2012-10-17" ? null : "2012-10-17" };

            Assert.NotEqual(PolicyDocument.Parse(spec.Render(seed)).ToCanonicalJson(), PolicyDocument.Parse(changed.Render(seed)).ToCanonicalJson());
        }, iter: 200);

    private static StatementSpec Change(StatementSpec statement, int change) => change switch
    {
        0 => statement with { Allow = !statement.Allow },
        1 => statement with { NotAction = !statement.NotAction },
        2 => statement with { Actions = [.. statement.Actions, "mutated:NewAction"] },
        3 => statement with { NotResource = statement.NotResource ?? false, Resources = [.. statement.Resources, "arn:aws:s3:::mutated"] },
        4 => statement with { Conditions = [.. statement.Conditions, new ConditionSpec("DateLessThan", [("aws:CurrentTime", ["2030-01-01T00:00:00Z"])])] },
        5 => statement with { Principal = new PrincipalSpec(false, false, [("Service", ["mutated.amazonaws.com"])]) },
        _ => statement,
    };
}
