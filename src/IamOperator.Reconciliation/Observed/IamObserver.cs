using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// Reads one entity's state through <see cref="IIamApi"/> (NoSuchEntity = absent). Reads only;
/// documents come back canonicalised.
/// </summary>
public sealed class IamObserver(IIamApi iam)
{
    /// <summary>Reads the entity of <paramref name="identity"/> under <paramref name="iamName"/> (the current or a previous name).</summary>
    /// <param name="knownArn">A managed policy's ARN from status, saving a list call.</param>
    /// <param name="forDeletion">Also read what only deletion needs (group members, policy attachments, a user's login profile and other credentials).</param>
    /// <param name="policyOnAnyPath">A managed policy: look for its name under every path (ListPolicies), not only at its declared ARN.</param>
    public Task<ObservedEntity?> ReadAsync(EntityIdentity identity, string iamName, string? knownArn, bool forDeletion, CancellationToken ct, bool policyOnAnyPath = false) =>
        identity.Kind switch
        {
            IamEntityKind.Group => ReadGroupAsync(iamName, forDeletion, ct),
            IamEntityKind.User => ReadUserAsync(iamName, forDeletion, ct),
            IamEntityKind.Role => ReadRoleAsync(iamName, ct),
            _ => ReadPolicyAsync(iamName, identity.Path, knownArn, forDeletion, ct, policyOnAnyPath),
        };

    /// <summary>
    /// The entity as <paramref name="snapshot"/> shows it, under the name status recorded (a rename in progress)
    /// or the declared one. What the snapshot lacks is taken as declared (<see cref="AccountSnapshot.WithDeclaredUnknowns"/>),
    /// except a role's description and maximum session duration, which the plan compares: one ListRoles per
    /// snapshot reads them for every role (GetRole for a role it does not list, or where it cannot be listed).
    /// </summary>
    public async Task<ObservedEntity?> ReadFromSnapshotAsync(DesiredEntity desired, string? previousName, AccountSnapshot snapshot, CancellationToken ct)
    {
        var found = (string.IsNullOrEmpty(previousName) ? null : snapshot.Find(desired.Kind, previousName)) ?? snapshot.Find(desired.Kind, desired.IamName);
        var seen = AccountSnapshot.WithDeclaredUnknowns(desired, found);
        if (seen is not ObservedRole role) return seen;
        var listed = await snapshot.ListedRolesAsync(async () =>
            (await OptionalReadAsync(iam.ListRolesAsync(pathPrefix: null, ct)).ConfigureAwait(false)).Value?.ToDictionary(r => r.RoleName, StringComparer.OrdinalIgnoreCase)).ConfigureAwait(false);
        var read = listed is not null && listed.TryGetValue(role.Name, out var info) ? info : await OrNull(iam.GetRoleAsync(role.Name, ct)).ConfigureAwait(false);
        return read is null ? null : role with { Description = read.Description ?? "", MaxSessionDurationSeconds = read.MaxSessionDuration };
    }

    public async Task<ObservedEntity?> ReadGroupAsync(string name, bool withMembers, CancellationToken ct)
    {
        var group = await OrNull(iam.GetGroupAsync(name, ct)).ConfigureAwait(false);
        if (group is null) return null;
        var principal = IamPrincipal.Group(group.GroupName);
        var attached = await iam.ListAttachedPoliciesAsync(principal, ct).ConfigureAwait(false);
        var (inline, owner) = await ReadInlineAsync(principal, markerAllowed: true, ct).ConfigureAwait(false);
        IReadOnlyList<string>? members = null;
        if (withMembers) members = (await iam.GetGroupMembersAsync(group.GroupName, ct).ConfigureAwait(false)).Select(u => u.UserName).ToList();
        return new ObservedGroup(group.GroupName, group.Path, group.Arn, group.GroupId, owner, Arns(attached), inline, members);
    }

    public async Task<ObservedEntity?> ReadUserAsync(string name, bool forDeletion, CancellationToken ct)
    {
        var user = await OrNull(iam.GetUserAsync(name, ct)).ConfigureAwait(false);
        if (user is null) return null;
        var userName = user.UserName;
        var principal = IamPrincipal.User(userName);
        var tags = user.Tags ?? await iam.ListTagsAsync(IamTaggable.User(userName), ct).ConfigureAwait(false);
        var groups = await iam.ListGroupsForUserAsync(userName, ct).ConfigureAwait(false);
        var attached = await iam.ListAttachedPoliciesAsync(principal, ct).ConfigureAwait(false);
        var (inline, _) = await ReadInlineAsync(principal, markerAllowed: false, ct).ConfigureAwait(false);
        var keys = await iam.ListAccessKeysAsync(userName, ct).ConfigureAwait(false);
        var mfa = await iam.ListMfaDevicesAsync(userName, ct).ConfigureAwait(false);
        var tagMap = TagMap(tags);
        var observed = new ObservedUser(userName, user.Path, user.Arn, user.UserId, OwnerOf(tagMap), tagMap,
            groups.Select(g => g.GroupName).ToList(), Arns(attached), inline, user.PermissionsBoundaryArn, keys, mfa, HasLoginProfile: null);
        // Only deletion needs the console password and the credentials people add; a reconcile leaves them alone.
        if (!forDeletion) return observed;
        return observed with
        {
            HasLoginProfile = await iam.GetLoginProfileAsync(userName, ct).ConfigureAwait(false) is not null,
            SigningCertificates = await iam.ListSigningCertificatesAsync(userName, ct).ConfigureAwait(false),
            SshPublicKeys = await iam.ListSshPublicKeysAsync(userName, ct).ConfigureAwait(false),
            ServiceSpecificCredentials = await iam.ListServiceSpecificCredentialsAsync(userName, ct).ConfigureAwait(false),
        };
    }

    public async Task<ObservedEntity?> ReadRoleAsync(string name, CancellationToken ct)
    {
        var role = await OrNull(iam.GetRoleAsync(name, ct)).ConfigureAwait(false);
        if (role is null) return null;
        var roleName = role.RoleName;
        var principal = IamPrincipal.Role(roleName);
        var tags = role.Tags ?? await iam.ListTagsAsync(IamTaggable.Role(roleName), ct).ConfigureAwait(false);
        var attached = await iam.ListAttachedPoliciesAsync(principal, ct).ConfigureAwait(false);
        var (inline, _) = await ReadInlineAsync(principal, markerAllowed: false, ct).ConfigureAwait(false);
        var profiles = await iam.ListInstanceProfilesForRoleAsync(roleName, ct).ConfigureAwait(false);
        // The profile named after the role may exist without the role in it (an interrupted create).
        if (!profiles.Any(p => string.Equals(p.InstanceProfileName, roleName, StringComparison.OrdinalIgnoreCase))
            && await OrNull(iam.GetInstanceProfileAsync(roleName, ct)).ConfigureAwait(false) is { } sameName)
        {
            profiles = [.. profiles, sameName];
        }

        var observedProfiles = new List<ObservedInstanceProfile>(profiles.Count);
        foreach (var profile in profiles) observedProfiles.Add(await ProfileAsync(profile, ct).ConfigureAwait(false));
        var tagMap = TagMap(tags);
        return new ObservedRole(roleName, role.Path, role.Arn, role.RoleId, OwnerOf(tagMap), tagMap,
            PolicyText.Canonical(role.AssumeRolePolicyDocument), role.Description ?? "", role.MaxSessionDuration,
            Arns(attached), inline, role.PermissionsBoundaryArn, observedProfiles);
    }

    private async Task<ObservedInstanceProfile> ProfileAsync(IamInstanceProfileInfo profile, CancellationToken ct)
    {
        var (tags, unread) = await OptionalReadAsync(iam.ListTagsAsync(IamTaggable.InstanceProfile(profile.InstanceProfileName), ct)).ConfigureAwait(false);
        return new ObservedInstanceProfile(profile.InstanceProfileName, profile.Arn, profile.RoleNames, tags is null ? null : OwnerOf(TagMap(tags)), unread);
    }

    /// <param name="onAnyPath">
    /// Look for the name under every path (ListPolicies, every local policy of the account): names are unique per
    /// account, not per path, so this finds a policy the declared path misses. Otherwise the policy is read at the ARN
    /// its declared path and the caller's account give (sts:GetCallerIdentity, once per observer), and listed only when
    /// that account cannot be learnt; a create that then meets EntityAlreadyExists reads again with this set.
    /// </param>
    public async Task<ObservedEntity?> ReadPolicyAsync(string name, string path, string? knownArn, bool withEntities, CancellationToken ct, bool onAnyPath = false)
    {
        IamManagedPolicyInfo? policy = null;
        if (knownArn is not null) policy = await OrNull(iam.GetPolicyAsync(knownArn, ct)).ConfigureAwait(false);
        if (policy is null || !string.Equals(policy.PolicyName, name, StringComparison.OrdinalIgnoreCase))
        {
            var declared = onAnyPath ? null : await OwnPolicyArnAsync(path, name, ct).ConfigureAwait(false);
            if (declared is not null)
            {
                policy = string.Equals(declared, knownArn, StringComparison.Ordinal) ? null : await OrNull(iam.GetPolicyAsync(declared, ct)).ConfigureAwait(false);
            }
            else
            {
                var local = await iam.ListPoliciesAsync(PolicyScope.Local, onlyAttached: false, pathPrefix: null, ct).ConfigureAwait(false);
                var listed = local.FirstOrDefault(p => string.Equals(p.PolicyName, name, StringComparison.OrdinalIgnoreCase));
                // ListPolicies returns a subset of attributes (no description, no tags): read the policy itself.
                policy = listed is null ? null : await OrNull(iam.GetPolicyAsync(listed.Arn, ct)).ConfigureAwait(false);
            }
        }
        if (policy is null) return null;
        var arn = policy.Arn;
        var tags = policy.Tags ?? await iam.ListTagsAsync(IamTaggable.Policy(arn), ct).ConfigureAwait(false);
        var versions = await iam.ListPolicyVersionsAsync(arn, ct).ConfigureAwait(false);
        var defaultVersion = await iam.GetPolicyVersionAsync(arn, policy.DefaultVersionId, ct).ConfigureAwait(false);
        var entities = withEntities ? await iam.ListEntitiesForPolicyAsync(arn, ct).ConfigureAwait(false) : null;
        var tagMap = TagMap(tags);
        return new ObservedPolicy(policy.PolicyName, policy.Path, arn, policy.PolicyId, OwnerOf(tagMap), tagMap, policy.Description,
            policy.DefaultVersionId, PolicyText.Canonical(defaultVersion.Document ?? ""), versions, entities);
    }

    /// <summary>
    /// What the plan must know about the entity's references before its first write: which declared AWS
    /// managed policies IAM does not have (GetPolicy on each one not attached already) and, when the plan
    /// would attach more than IAM holds now and more than the quota's default (which no account is below), the
    /// account's quota of attachments (GetAccountSummary). A no-op reconcile reads neither.
    /// </summary>
    /// <param name="snapshot">The account observation this plan is made against: the account summary is read once for all of it.</param>
    public async Task<(ObservedReferences References, IReadOnlyList<string> Warnings)> ReadReferencesAsync(
        DesiredEntity desired, ObservedEntity? observed, CancellationToken ct, AccountSnapshot? snapshot = null)
    {
        var declared = Planner.ManagedPolicyArns(desired);
        var attached = Planner.ManagedPolicyArns(observed);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var unknown = declared.Where(arn => Planner.IsAwsManaged(arn) && !attached.Contains(arn, StringComparer.Ordinal) && !knownAwsManaged.ContainsKey(arn)).ToList();
        // Against a snapshot, one list of AWS managed policies answers for every entity planned against it.
        var awsManaged = snapshot is null || unknown.Count == 0 ? null : await snapshot.AwsManagedPolicyArnsAsync(async () =>
            (await OptionalReadAsync(iam.ListPoliciesAsync(PolicyScope.Aws, onlyAttached: false, pathPrefix: null, ct)).ConfigureAwait(false)).Value?
                .Select(p => p.Arn).ToHashSet(StringComparer.Ordinal)).ConfigureAwait(false);
        foreach (var arn in unknown)
        {
            if (awsManaged is not null)
            {
                if (!awsManaged.Contains(arn)) missing.Add(arn);
                continue;
            }
            if (await OrNull(iam.GetPolicyAsync(arn, ct)).ConfigureAwait(false) is null) missing.Add(arn);
            else knownAwsManaged.TryAdd(arn, true); // an AWS managed policy does not go away: ask once per process
        }
        var warnings = new List<string>();
        int? quota = null;
        if (declared.Count > attached.Count && declared.Count > IamLimits.DefaultManagedPoliciesPerEntityQuota)
        {
            var key = $"AttachedPoliciesPer{desired.Kind}Quota";
            var (summary, unread) = snapshot is null
                ? await OptionalReadAsync(iam.GetAccountSummaryAsync(ct)).ConfigureAwait(false)
                : await snapshot.AccountSummaryAsync(() => OptionalReadAsync(iam.GetAccountSummaryAsync(ct))).ConfigureAwait(false);
            if (summary is not null && summary.TryGetValue(key, out var value)) quota = value;
            else warnings.Add($"QuotaUnknown: the account's {key} could not be read ({unread ?? "GetAccountSummary did not return it"}); IAM enforces it on each attachment");
        }
        ObservedInstanceProfile? sameName = null;
        if (desired is DesiredRole { InstanceProfile: true } && observed is null
            && await OrNull(iam.GetInstanceProfileAsync(desired.IamName, ct)).ConfigureAwait(false) is { } profile)
        {
            sameName = await ProfileAsync(profile, ct).ConfigureAwait(false);
        }

        return (new ObservedReferences(missing, quota, sameName), warnings);
    }

    /// <summary>
    /// A read the plan can do without: an IAM-compatible endpoint that does not implement it, or an operator
    /// policy that does not allow it, gives "unknown" and the reason, not a failure. Their answers vary (LocalStack and moto: HTTP 500 with an HTML page or
    /// InternalFailure/InternalError, 501 NotImplemented, InvalidAction); AWS IAM's own transient failure,
    /// ServiceFailure, is not among them and fails the reconcile as any other read does.
    /// </summary>
    private static async Task<(T? Value, string? Unread)> OptionalReadAsync<T>(Task<T> read) where T : class
    {
        try
        {
            return (await read.ConfigureAwait(false), null);
        }
        catch (IamApiException e) when (IsNotImplemented(e))
        {
            return (null, $"{e.Action} is not implemented by this IAM endpoint (HTTP {e.HttpStatus} {e.Code})");
        }
        catch (IamApiException e) when (e.ErrorCode == IamErrorCode.AccessDenied)
        {
            // An operator IAM policy older than this version lacks the permission: degrade, and say which one.
            return (null, $"{e.Action} was denied: the operator's IAM policy lacks iam:{e.Action} (config/iam/operator-policy.json has it)");
        }
    }

    internal static bool IsNotImplemented(IamApiException e) =>
        e.HttpStatus == 501 || e.Code is "NotImplemented" or "InvalidAction" or "InternalFailure" or "InternalError" or "HTTP500";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> knownAwsManaged = new(StringComparer.Ordinal);

    private readonly Lock callerLock = new();
    private Task<(string Partition, string Account)?>? caller;

    /// <summary>
    /// The ARN a customer managed policy of that path and name has in the caller's account, or null when the account
    /// cannot be learnt. sts:GetCallerIdentity is asked once per observer (the credentials' account does not change);
    /// it needs no permission and does not count against IAM's budget, where listing every policy to find one ARN did.
    /// </summary>
    private async Task<string?> OwnPolicyArnAsync(string path, string name, CancellationToken ct)
    {
        Task<(string Partition, string Account)?> read;
        lock (callerLock)
        {
            if (caller is null || caller.IsCanceled) caller = ReadCallerAsync(ct);
            read = caller;
        }
        return await read.ConfigureAwait(false) is var (partition, account) ? $"arn:{partition}:iam::{account}:policy{path}{name}" : null;
    }

    private async Task<(string Partition, string Account)?> ReadCallerAsync(CancellationToken ct)
    {
        try
        {
            var identity = await iam.GetCallerIdentityAsync(credentials: null, ct).ConfigureAwait(false);
            // arn:PARTITION:sts::ACCOUNT:assumed-role/... or arn:PARTITION:iam::ACCOUNT:user/...: the partition matters in China and GovCloud.
            return identity.Arn.Split(':') is [_, var partition, ..] && partition.Length > 0 && identity.Account.Length > 0
                ? (partition, identity.Account) : null;
        }
        catch (IamApiException)
        {
            return null; // an endpoint without STS: policies are found by listing them, as before
        }
    }

    private async Task<(IReadOnlyDictionary<string, string> Inline, string? MarkerOwner)> ReadInlineAsync(
        IamPrincipal principal, bool markerAllowed, CancellationToken ct)
    {
        var names = await iam.ListInlinePolicyNamesAsync(principal, ct).ConfigureAwait(false);
        var inline = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? owner = null;
        foreach (var policyName in names)
        {
            var document = await iam.GetInlinePolicyAsync(principal, policyName, ct).ConfigureAwait(false);
            if (markerAllowed && GroupOwnershipMarker.IsMarker(policyName)) owner = GroupOwnershipMarker.ReadOwner(document);
            else inline[policyName] = PolicyText.Canonical(document);
        }
        return (inline, owner);
    }

    internal static IReadOnlyList<string> Arns(IReadOnlyList<AttachedPolicy> attached)
    {
        var arns = new List<string>(attached.Count);
        foreach (var policy in attached) arns.Add(policy.PolicyArn);
        return arns;
    }

    internal static IReadOnlyDictionary<string, string> TagMap(IReadOnlyList<IamTag> tags)
    {
        var map = new Dictionary<string, string>(tags.Count, StringComparer.Ordinal);
        foreach (var tag in tags) map[tag.Key] = tag.Value;
        return map;
    }

    /// <summary>The owner tag's value, its key matched in any letter case as IAM matches tag keys.</summary>
    internal static string? OwnerOf(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(KubernetesApiGroup.OwnerTagKey, out var owner) ? owner
        : tags.FirstOrDefault(t => string.Equals(t.Key, KubernetesApiGroup.OwnerTagKey, StringComparison.OrdinalIgnoreCase)).Value;

    private static async Task<T?> OrNull<T>(Task<T> read) where T : class
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (IamApiException e) when (e.ErrorCode == IamErrorCode.NoSuchEntity)
        {
            return null;
        }
    }
}
