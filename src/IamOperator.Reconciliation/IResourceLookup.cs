namespace IamOperator.Reconciliation;

/// <summary>
/// Finds the resources another resource refers to (groupRefs, policyRefs, permissions boundary
/// policyRef). Implemented over the manifest set in folder mode and over the informer cache in the
/// controller.
/// </summary>
public interface IResourceLookup
{
    /// <summary>The referenced resource, or null when no such resource is declared.</summary>
    /// <param name="kind"><c>IamGroup</c> or <c>IamPolicy</c>.</param>
    ResolvedDependency? Find(string kind, string @namespace, string name);

    /// <summary>Every IamAccountPasswordPolicy declared (folder or cluster): one account has one password policy.</summary>
    IReadOnlyList<Resources.IamAccountPasswordPolicy> AccountPasswordPolicies => [];
}

/// <summary>
/// A referenced resource as far as a dependent needs it: its IAM name, its ARN once known, and
/// whether it exists in IAM (Ready) so that the dependent can use it now.
/// </summary>
public sealed record ResolvedDependency(string IamName, string? Arn, bool Ready);
