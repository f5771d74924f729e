using System.Text.RegularExpressions;

namespace IamOperator.Deploy.Tests;

/// <summary>Someone who clones the repository can follow every link in the README and the docs.</summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Relative_links_point_at_files_inside_the_repository(string document)
    {
        var folder = Path.GetDirectoryName(RepositoryRoot.Combine(document))!;
        var text = File.ReadAllText(RepositoryRoot.Combine(document));

        // Code (patterns, samples) is not prose: its brackets are not links.
        foreach (Match link in MarkdownLink().Matches(Code().Replace(text, "")))
        {
            var target = link.Groups["target"].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var full = Path.GetFullPath(Path.Combine(folder, target));
            Assert.True(full.StartsWith(RepositoryRoot.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{document} links outside the repository: {target}");
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{document} links to a missing {target}");
        }

        Assert.DoesNotContain("../shared/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_links_the_architecture_document()
    {
        Assert.Contains("(docs/architecture.md)", RepositoryRoot.ReadText("README.md"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"```.*?```|`[^`\n]*`", RegexOptions.Singleline)]
    private static partial Regex Code();
}
