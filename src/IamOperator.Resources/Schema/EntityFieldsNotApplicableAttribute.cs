namespace IamOperator.Resources.Schema;

/// <summary>
/// On a spec that derives from <see cref="IamEntitySpec"/> for what every kind shares (deletionPolicy) but whose IAM
/// object has no name, path or owner to adopt (the account itself): iamName, path and adoptionPolicy are left out
/// of its schema, so a manifest that sets them is refused as an unknown field.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EntityFieldsNotApplicableAttribute : Attribute
{
    public static IReadOnlySet<string> Fields { get; } = new HashSet<string>(StringComparer.Ordinal) { "iamName", "path", "adoptionPolicy" };
}
