namespace IamOperator.Resources;

/// <summary>
/// Which resources stand for an IAM entity (a user, group, role or customer managed policy). The account password
/// policy stands for none: it has no name, ARN, quota or permissions, so entity-wide work (ordering, quotas, the
/// access plan, references) leaves it out through this one filter.
/// </summary>
public static class IamEntityResources
{
    public static IEnumerable<IIamResource> Entities(this IEnumerable<IIamResource> resources) =>
        resources.Where(r => r is not IamAccountPasswordPolicy);
}
