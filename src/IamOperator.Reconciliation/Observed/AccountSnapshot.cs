using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// The observed state of every entity from one GetAccountAuthorizationDetails read (about one call
/// per thousand entities instead of several per entity), for plan, apply, the controller's cold start
/// and its drift scan. It lacks what that API does not return: credentials (access keys, MFA devices,
/// login profile; the credential report supplies them for user hygiene, <see cref="CredentialReportAsync"/>), group members, instance profile tags, policy attachments, a role's description and
/// maximum session duration, a managed policy's tags. Those fields are null, or taken as declared by
/// <see cref="WithDeclaredUnknowns"/>; the reconciler reads an entity itself before it writes to it.
/// </summary>
public sealed class AccountSnapshot
{
    private readonly Dictionary<string, GroupDetail> groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UserDetail> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RoleDetail> roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ManagedPolicyDetail> policies = new(StringComparer.OrdinalIgnoreCase);

    private const string SnapshotHasNoProfileTags = "the account snapshot carries no instance profile tags";

    private readonly Lock readsLock = new();
    private Task<(IReadOnlyDictionary<string, int>? Summary, string? Unread)>? accountSummary;
    private Task<IReadOnlySet<string>?>? awsManagedPolicyArns;
    private Task<IReadOnlyDictionary<string, IamRoleInfo>?>? listedRoles;
    private Task<(CredentialReport? Report, string? Unread)>? credentialReport;
    private int credentialReportWarned;

    public AccountSnapshot(AccountAuthorizationDetails details)
    {
        foreach (var group in details.Groups) groups[group.Group.GroupName] = group;
        foreach (var user in details.Users) users[user.User.UserName] = user;
        foreach (var role in details.Roles) roles[role.Role.RoleName] = role;
        // AWS managed policies share no names with ours that matter: only local ones are declared here.
        foreach (var policy in details.Policies)
            if (!policy.Policy.Arn.Contains(":iam::aws:", StringComparison.Ordinal)) policies[policy.Policy.PolicyName] = policy;
        var anyArn = details.Users.Select(u => u.User.Arn).Concat(details.Groups.Select(g => g.Group.Arn))
            .Concat(details.Roles.Select(r => r.Role.Arn)).Concat(policies.Values.Select(p => p.Policy.Arn)).FirstOrDefault();
        // arn:PARTITION:iam::ACCOUNT:...: the partition matters in China and GovCloud.
        if (anyArn?.Split(':') is [_, var partition, _, _, var account, ..] && account.Length > 0) (Partition, AccountId) = (partition, account);
    }

    /// <summary>The account's id, read from any ARN in the snapshot; null for an empty account.</summary>
    public string? AccountId { get; }

    /// <summary>The ARN partition (aws, aws-cn, aws-us-gov) of the snapshot's ARNs; null for an empty account.</summary>
    public string? Partition { get; }

    /// <summary>The ARN of the customer managed policy of that path and name in this account, or null when the account id is unknown.</summary>
    public string? PolicyArn(string path, string name) => AccountId is null ? null : $"arn:{Partition}:iam::{AccountId}:policy{path}{name}";

    /// <summary>
    /// The account summary (its quotas), read at most once per snapshot: a quota is the same for every
    /// entity planned against one observation of the account. A failed read is not kept, so the next asks again.
    /// </summary>
    public Task<(IReadOnlyDictionary<string, int>? Summary, string? Unread)> AccountSummaryAsync(
        Func<Task<(IReadOnlyDictionary<string, int>? Summary, string? Unread)>> read) => Once(ref accountSummary, read);

    /// <summary>
    /// The ARNs of every AWS managed policy (null when the endpoint cannot list them), listed at most once per
    /// snapshot: one paginated ListPolicies instead of a GetPolicy per declared AWS managed policy.
    /// </summary>
    public Task<IReadOnlySet<string>?> AwsManagedPolicyArnsAsync(Func<Task<IReadOnlySet<string>?>> read) => Once(ref awsManagedPolicyArns, read);

    /// <summary>
    /// Every role as ListRoles returns it (null when the endpoint cannot list them), listed at most once per
    /// snapshot: it carries the description and maximum session duration GetAccountAuthorizationDetails leaves
    /// out, a thousand roles a page instead of a GetRole per role.
    /// </summary>
    public Task<IReadOnlyDictionary<string, IamRoleInfo>?> ListedRolesAsync(Func<Task<IReadOnlyDictionary<string, IamRoleInfo>?>> read) => Once(ref listedRoles, read);

    /// <summary>
    /// The account's credential report, read at most once per snapshot and only when a user needs its credential
    /// facts (MFA, access key age, password use), so a run without users pays nothing. A report that cannot be
    /// read is kept as the reason (<see cref="CredentialReportUnread"/>), not asked for again by every user.
    /// </summary>
    public Task<(CredentialReport? Report, string? Unread)> CredentialReportAsync(Func<Task<(CredentialReport? Report, string? Unread)>> read) =>
        Once(ref credentialReport, read);

    /// <summary>Why the credential report could not be read, once a user asked for it; null when it was read or never asked for.</summary>
    public string? CredentialReportUnread => credentialReport is { IsCompletedSuccessfully: true } read ? read.Result.Unread : null;

    /// <summary>True for the first caller only: the one warning an unreadable credential report is worth per snapshot.</summary>
    public bool ClaimCredentialReportWarning() => Interlocked.Exchange(ref credentialReportWarned, 1) == 0;

    private Task<T> Once<T>(ref Task<T>? slot, Func<Task<T>> read)
    {
        lock (readsLock)
        {
            if (slot is null || slot.IsFaulted || slot.IsCanceled) slot = read();
            return slot;
        }
    }

    /// <summary>
    /// The snapshot's entity with what GetAccountAuthorizationDetails leaves out taken as declared: a role's
    /// description and maximum session duration, a managed policy's tags. A plan against it then shows only
    /// what the snapshot can show; the reconciler reads those facts itself before any write.
    /// </summary>
    public static ObservedEntity? WithDeclaredUnknowns(DesiredEntity desired, ObservedEntity? observed) => (desired, observed) switch
    {
        (DesiredRole role, ObservedRole seen) => seen with { Description = role.Description, MaxSessionDurationSeconds = role.MaxSessionDurationSeconds },
        (DesiredPolicy policy, ObservedPolicy { Owner: null } seen) when seen.Tags.Count == 0 => seen with { Owner = policy.Identity.Owner, Tags = policy.Tags },
        _ => observed,
    };

    /// <summary>How many users, groups, roles and customer managed policies the account holds.</summary>
    public int Entities => users.Count + groups.Count + roles.Count + policies.Count;

    /// <summary>How many entities of that kind the account holds (customer managed policies only, for policies).</summary>
    public int Count(IamEntityKind kind) => kind switch
    {
        IamEntityKind.Group => groups.Count,
        IamEntityKind.User => users.Count,
        IamEntityKind.Role => roles.Count,
        _ => policies.Count,
    };

    /// <summary>The entity of that kind and IAM name, or null when the account has none.</summary>
    public ObservedEntity? Find(IamEntityKind kind, string iamName) => kind switch
    {
        IamEntityKind.Group => groups.TryGetValue(iamName, out var g) ? Group(g) : null,
        IamEntityKind.User => users.TryGetValue(iamName, out var u) ? User(u) : null,
        IamEntityKind.Role => roles.TryGetValue(iamName, out var r) ? Role(r) : null,
        _ => policies.TryGetValue(iamName, out var p) ? Policy(p) : null,
    };

    /// <summary>
    /// The names of the entities of that kind that carry this owner (owner tag; groups: ownership marker),
    /// in name order. A folder keeps no status, so this is how folder mode finds what a resource made
    /// under an earlier spec.iamName. Managed policies are not found: the snapshot carries no policy tags.
    /// </summary>
    public IReadOnlyList<string> NamesOwnedBy(IamEntityKind kind, string owner)
    {
        IEnumerable<string> names = kind switch
        {
            IamEntityKind.Group => groups.Values.Where(g => Group(g).Owner == owner).Select(g => g.Group.GroupName),
            IamEntityKind.User => users.Values.Where(u => IamObserver.OwnerOf(IamObserver.TagMap(u.Tags)) == owner).Select(u => u.User.UserName),
            IamEntityKind.Role => roles.Values.Where(r => IamObserver.OwnerOf(IamObserver.TagMap(r.Tags)) == owner).Select(r => r.Role.RoleName),
            _ => [],
        };
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static ObservedGroup Group(GroupDetail detail)
    {
        var (inline, owner) = Inline(detail.InlinePolicies, markerAllowed: true);
        var group = detail.Group;
        return new ObservedGroup(group.GroupName, group.Path, group.Arn, group.GroupId, owner,
            IamObserver.Arns(detail.AttachedPolicies), inline, Members: null);
    }

    private static ObservedUser User(UserDetail detail)
    {
        var user = detail.User;
        var tags = IamObserver.TagMap(detail.Tags);
        return new ObservedUser(user.UserName, user.Path, user.Arn, user.UserId, IamObserver.OwnerOf(tags), tags, detail.GroupNames,
            IamObserver.Arns(detail.AttachedPolicies), Inline(detail.InlinePolicies, markerAllowed: false).Inline,
            user.PermissionsBoundaryArn, AccessKeys: null, MfaDevices: null, HasLoginProfile: null);
    }

    private static ObservedRole Role(RoleDetail detail)
    {
        var role = detail.Role;
        var tags = IamObserver.TagMap(detail.Tags);
        var profiles = detail.InstanceProfiles
            .Select(p => new ObservedInstanceProfile(p.InstanceProfileName, p.Arn, p.RoleNames, Owner: null, TagsUnread: SnapshotHasNoProfileTags)).ToList();
        return new ObservedRole(role.RoleName, role.Path, role.Arn, role.RoleId, IamObserver.OwnerOf(tags), tags,
            PolicyText.Canonical(role.AssumeRolePolicyDocument), role.Description ?? "", role.MaxSessionDuration,
            IamObserver.Arns(detail.AttachedPolicies), Inline(detail.InlinePolicies, markerAllowed: false).Inline,
            role.PermissionsBoundaryArn, profiles);
    }

    private static ObservedPolicy Policy(ManagedPolicyDetail detail)
    {
        var policy = detail.Policy;
        var tags = IamObserver.TagMap(policy.Tags ?? []);
        var document = detail.Versions.FirstOrDefault(v => v.IsDefaultVersion)?.Document ?? "";
        return new ObservedPolicy(policy.PolicyName, policy.Path, policy.Arn, policy.PolicyId, IamObserver.OwnerOf(tags), tags,
            policy.Description, policy.DefaultVersionId, PolicyText.Canonical(document), detail.Versions, Entities: null);
    }

    private static (IReadOnlyDictionary<string, string> Inline, string? Owner) Inline(IReadOnlyList<InlinePolicy> policies, bool markerAllowed)
    {
        var inline = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? owner = null;
        foreach (var policy in policies)
        {
            if (markerAllowed && GroupOwnershipMarker.IsMarker(policy.PolicyName)) owner = GroupOwnershipMarker.ReadOwner(policy.Document);
            else inline[policy.PolicyName] = PolicyText.Canonical(policy.Document);
        }
        return (inline, owner);
    }
}
