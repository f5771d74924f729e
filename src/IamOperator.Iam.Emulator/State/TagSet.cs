namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// An entity's tags in insertion order. Users and roles compare keys case-insensitively (so
/// "Team" and "team" are the same key, the case last written wins); other resources compare exactly.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
/// </summary>
internal sealed class TagSet(bool caseInsensitiveKeys)
{
    private readonly List<Tag> tags = [];

    public StringComparer KeyComparer { get; } = caseInsensitiveKeys ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public IReadOnlyList<Tag> All => tags;

    public int Count => tags.Count;

    /// <summary>How many tags there would be after setting these.</summary>
    public int CountAfter(IEnumerable<Tag> tags) =>
        this.tags.Select(tag => tag.Key).Concat(tags.Select(tag => tag.Key)).Distinct(KeyComparer).Count();

    public void Set(IEnumerable<Tag> tags)
    {
        foreach (var tag in tags)
        {
            var index = this.tags.FindIndex(existing => KeyComparer.Equals(existing.Key, tag.Key));
            if (index >= 0)
            {
                this.tags[index] = tag;
            }
            else
            {
                this.tags.Add(tag);
            }
        }
    }

    public void Remove(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            tags.RemoveAll(tag => KeyComparer.Equals(tag.Key, key));
        }
    }
}
