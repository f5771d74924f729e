using IamOperator.Policies;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmark 1: documents per second through Parse + ToCanonicalJson + SemanticallyEquals, the work done for
/// every policy the operator declares or reads back from IAM.
/// </summary>
public static class CanonicalFormBenchmark
{
    public static void Run(TextWriter output)
    {
        var cases = new (string Name, string Text, string Other)[]
        {
            ("small", PolicyDocuments.Small, PolicyDocuments.SmallRewritten),
            ("large", PolicyDocuments.Large, PolicyDocuments.LargeRewritten),
            ("large, URL-encoded as IAM returns it", Uri.EscapeDataString(PolicyDocuments.Large), PolicyDocuments.LargeRewritten),
        };
        var table = new Table("document", "text chars", "canonical chars", "docs/s (median)", "µs/doc", "spread ±%", "ops/round");
        foreach (var (name, text, other) in cases)
        {
            var reference = PolicyDocument.Parse(other);
            var parsed = PolicyDocument.Parse(text);
            // A benchmark of a wrong result is worthless: the rewritten form must mean the same.
            if (!parsed.SemanticallyEquals(reference))
            {
                throw new InvalidOperationException($"The {name} document and its rewritten form should be equivalent:\n{parsed.ToCanonicalJson()}\n{reference.ToCanonicalJson()}");
            }

            var result = Measurement.Run(name, () =>
            {
                var document = PolicyDocument.Parse(text);
                var canonical = document.ToCanonicalJson();
                return canonical.Length + (document.SemanticallyEquals(reference) ? 1 : 0);
            });
            table.Add(name, text.Length, parsed.ToCanonicalJson().Length, result.Median, result.MicrosecondsPerOperation, result.SpreadPercent, result.OperationsPerRound);
        }

        table.WriteTo(output, "1. Policy canonical form: Parse + ToCanonicalJson + SemanticallyEquals (7 rounds of ~0.3 s after 0.5 s warm-up)");
    }
}
