using System.Text;

namespace IamOperator.Benchmarks;

/// <summary>
/// Policy documents for the benchmarks: a small one as a person writes it, and a large one close to IAM's
/// 6,144-character managed policy quota, each also written a second way (reordered, repeated values,
/// other case, pretty-printed) that means the same.
/// </summary>
public static class PolicyDocuments
{
    public const string Small = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Sid": "ListReportsBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::example-reports" },
            { "Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": "arn:aws:s3:::example-reports/*" }
          ]
        }
        """;

    public const string SmallRewritten = """
        {"Statement":[{"Resource":["arn:aws:s3:::example-reports/*"],"Action":["S3:GetObjectVersion","s3:getobject","s3:GetObject"],"Effect":"Allow","Sid":"ReadReports"},
        {"Effect":"Allow","Sid":"ListReportsBucket","Action":["s3:ListBucket"],"Resource":"arn:aws:s3:::example-reports"}],"Version":"2012-10-17"}
        """;

    // Declared before the documents built from them: static fields initialise in text order.
    private static readonly string[] Services = ["s3", "sqs", "dynamodb", "logs", "sns", "kms", "secretsmanager", "ssm"];
    private static readonly string[] Verbs = ["Get", "Put", "List", "Describe", "Delete", "Update"];

    /// <summary>About 6 KB: 20 statements with several actions, resources and conditions each.</summary>
    public static string Large { get; } = BuildLarge(rewritten: false);

    public static string LargeRewritten { get; } = BuildLarge(rewritten: true);

    private static string BuildLarge(bool rewritten)
    {
        var statements = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var service = Services[i % Services.Length];
            var actions = Verbs.Take(3 + i % 3).Select(v => $"{service}:{v}Item{i}").ToList();
            var resources = Enumerable.Range(0, 2).Select(r => $"arn:aws:{service}:eu-west-1:111122223333:team-{i}-{r}").ToList();
            if (rewritten)
            {
                actions.Reverse();
                actions = [.. actions.Select(a => a.ToUpperInvariant()), actions[0]];
                resources.Reverse();
            }

            var condition = i % 2 == 0
                ? $$"""
                  , "Condition": { "StringEquals": { "{{(rewritten ? "AWS:RequestedRegion" : "aws:RequestedRegion")}}": ["eu-west-1", "eu-central-1"] }, "Bool": { "aws:SecureTransport": "true" } }
                  """
                : "";
            statements.Add($$"""
                {
                  "Sid": "Team{{i}}",
                  "Effect": "{{(i % 7 == 6 ? "Deny" : "Allow")}}",
                  "Action": [{{string.Join(", ", actions.Select(a => $"\"{a}\""))}}],
                  "Resource": [{{string.Join(", ", resources.Select(r => $"\"{r}\""))}}]{{condition}}
                }
                """);
        }

        if (rewritten)
        {
            statements.Reverse();
        }

        var text = new StringBuilder();
        text.Append("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n").AppendJoin(",\n", statements).Append("\n  ]\n}\n");
        return text.ToString();
    }
}
