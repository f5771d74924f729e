namespace IamOperator.Resources.Schema;

/// <summary>
/// <c>x-kubernetes-list-type</c>: <c>set</c> (items unique) or <c>map</c> (items unique by <see cref="MapKeys"/>),
/// which also lets server-side apply merge the list item by item.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListTypeAttribute(string listType, params string[] mapKeys) : Attribute
{
    public string ListType { get; } = listType;
    public IReadOnlyList<string> MapKeys { get; } = mapKeys;
}
