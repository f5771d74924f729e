using IamOperator.Controllers;
using IamOperator.Resources;

namespace IamOperator.Operator;

/// <summary>The five kinds as the controller runtime addresses them, each with its CRD's scope.</summary>
public static class IamResourceKinds
{
    public static CustomResourceKind Policy { get; } = For(IamPolicy.KindName);
    public static CustomResourceKind Group { get; } = For(IamGroup.KindName);
    public static CustomResourceKind User { get; } = For(IamUser.KindName);
    public static CustomResourceKind ServiceRole { get; } = For(IamServiceRole.KindName);

    /// <summary>Cluster-scoped: the account's one password policy is in no namespace.</summary>
    public static CustomResourceKind AccountPasswordPolicy { get; } = For(IamAccountPasswordPolicy.KindName);

    /// <summary>In dependency order: what others reference comes first.</summary>
    public static IReadOnlyList<CustomResourceKind> All { get; } = [Policy, Group, User, ServiceRole, AccountPasswordPolicy];

    private static CustomResourceKind For(string kind)
    {
        var k = KubernetesApiGroup.FindKind(kind) ?? throw new ArgumentException($"unknown kind {kind}", nameof(kind));
        return new CustomResourceKind(KubernetesApiGroup.Group, KubernetesApiGroup.Version, k.Plural, k.Kind, k.ClusterScoped);
    }
}
