using IamOperator.Policies;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// Who an IAM entity is and who owns it: enough to find, claim or delete it even when the rest of
/// the spec is invalid. <see cref="Owner"/> is the value of the owner tag (or group marker):
/// <c>&lt;ownerId&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.
/// </summary>
public sealed record EntityIdentity(
    IamEntityKind Kind,
    ResourceKey Resource,
    string IamName,
    string Path,
    string Owner,
    DeletionPolicy DeletionPolicy,
    AdoptionPolicy AdoptionPolicy);
