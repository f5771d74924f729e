using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IamOperator.Resources.Manifests;

/// <summary>
/// A YAML event stream that stops at the first event over a <see cref="ManifestLimits"/> limit of its
/// document (nesting, nodes, aliases). YamlDotNet's representation model builds nodes recursively and
/// has no limits of its own (only its object deserializer has WithMaximumRecursion), so the limits are
/// checked here, on the flat event stream, before any node exists.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner) : IParser
{
    private int depth;
    private int nodes;
    private int aliases;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case DocumentStart:
                (depth, nodes, aliases) = (0, 0, 0);
                break;
            case MappingStart or SequenceStart:
                Count(inner.Current);
                if (++depth > ManifestLimits.MaxDepth)
                {
                    throw new ManifestLimitException(inner.Current.Start,
                        $"nested deeper than {ManifestLimits.MaxDepth} levels of mappings and lists, the limit for one document");
                }
                break;
            case MappingEnd or SequenceEnd:
                depth--;
                break;
            case AnchorAlias:
                Count(inner.Current);
                if (++aliases > ManifestLimits.MaxAliases)
                {
                    throw new ManifestLimitException(inner.Current.Start,
                        $"more than {ManifestLimits.MaxAliases} aliases (*name), the limit for one document");
                }
                break;
            case Scalar:
                Count(inner.Current);
                break;
        }
        return true;
    }

    private void Count(ParsingEvent parsingEvent)
    {
        if (++nodes > ManifestLimits.MaxNodes)
        {
            throw new ManifestLimitException(parsingEvent.Start,
                $"more than {ManifestLimits.MaxNodes:N0} mappings, lists and values, the limit for one document");
        }
    }
}

/// <summary>A document over one of the <see cref="ManifestLimits"/>; the message says which and what is allowed.</summary>
internal sealed class ManifestLimitException(Mark start, string message) : Exception(message)
{
    /// <summary>1-based line in the text that was parsed.</summary>
    public long Line { get; } = start.Line;
}
