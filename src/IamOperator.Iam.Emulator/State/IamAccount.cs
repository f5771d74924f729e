using System.Security.Cryptography;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// The state of one emulated AWS account's IAM, and the lookups every action shares.
/// Not thread-safe by itself: the HTTP front runs each action under <see cref="Sync"/>.
/// </summary>
internal sealed class IamAccount
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly TimeProvider timeProvider;
    private readonly IamEmulatorOptions options;
    private readonly EmulatorFaults faults;

    public IamAccount(IamEmulatorOptions options, EmulatorFaults faults)
        : this(options, faults, seedAwsManagedPolicies: true)
    {
    }

    private IamAccount(IamEmulatorOptions options, EmulatorFaults faults, bool seedAwsManagedPolicies)
    {
        this.options = options;
        this.faults = faults;
        AccountId = options.AccountId;
        Quotas = options.Quotas;
        Credentials = options.Credentials;
        timeProvider = options.TimeProvider;
        Users = new EntityTable<UserEntity>(user => user.Name, () => Now, () => faults.VisibilityDelay);
        Groups = new EntityTable<GroupEntity>(group => group.Name, () => Now, () => faults.VisibilityDelay);
        Roles = new EntityTable<RoleEntity>(role => role.Name, () => Now, () => faults.VisibilityDelay);
        InstanceProfiles = new EntityTable<InstanceProfileEntity>(profile => profile.Name, () => Now, () => faults.VisibilityDelay);
        Policies = new EntityTable<ManagedPolicyEntity>(policy => policy.Arn, () => Now, () => faults.VisibilityDelay);
        foreach (var policy in seedAwsManagedPolicies ? AwsManagedPolicies.Create() : [])
        {
            Policies.Add(policy);
            policy.VisibleFrom = DateTimeOffset.MinValue;
        }
    }

    public Lock Sync { get; } = new();

    /// <summary>A deep copy of the whole account as it is now: what delayed reads see later.</summary>
    public IamAccount Snapshot()
    {
        var snapshot = new IamAccount(options, faults, seedAwsManagedPolicies: false);
        var users = Users.All.ToDictionary(user => user, user => user.Copy());
        var roles = Roles.All.ToDictionary(role => role, role => role.Copy());
        UserEntity UserCopy(UserEntity user) => users.TryGetValue(user, out var copy) ? copy : user.Copy();
        RoleEntity RoleCopy(RoleEntity role) => roles.TryGetValue(role, out var copy) ? copy : role.Copy();
        Users.CopyTo(snapshot.Users, UserCopy);
        Roles.CopyTo(snapshot.Roles, RoleCopy);
        Groups.CopyTo(snapshot.Groups, group => group.Copy(UserCopy));
        InstanceProfiles.CopyTo(snapshot.InstanceProfiles, profile => profile.Copy(RoleCopy));
        // AWS managed policies never change (tags and versions are refused), so snapshots share them: a
        // snapshot per write under a visibility delay must not copy 1,568 policies each time.
        Policies.CopyTo(snapshot.Policies, policy => policy.IsAwsManaged ? policy : policy.Copy());
        foreach (var (serial, device) in VirtualMfaDevices)
        {
            snapshot.VirtualMfaDevices.Add(serial, device);
        }

        snapshot.PasswordPolicy = PasswordPolicy;
        snapshot.CredentialReport = CredentialReport;

        return snapshot;
    }

    public string AccountId { get; }

    public IamQuotas Quotas { get; }

    public IReadOnlyList<EmulatorCredential> Credentials { get; }

    public EntityTable<UserEntity> Users { get; }

    public EntityTable<GroupEntity> Groups { get; }

    public EntityTable<RoleEntity> Roles { get; }

    public EntityTable<InstanceProfileEntity> InstanceProfiles { get; }

    /// <summary>Customer and AWS managed policies, keyed by ARN.</summary>
    public EntityTable<ManagedPolicyEntity> Policies { get; }

    /// <summary>Virtual MFA devices by serial number (their ARN), assigned or not.</summary>
    public Dictionary<string, VirtualMfaDeviceEntry> VirtualMfaDevices { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set by UpdateAccountPasswordPolicy; null until then and after DeleteAccountPasswordPolicy.</summary>
    public AccountPasswordPolicy? PasswordPolicy { get; set; }

    /// <summary>The last report GenerateCredentialReport started; null until the first.</summary>
    public CredentialReportEntry? CredentialReport { get; set; }

    /// <summary>How long a credential report takes to generate (<see cref="IamEmulatorOptions.CredentialReportGenerationTime"/>).</summary>
    public TimeSpan CredentialReportGenerationTime => options.CredentialReportGenerationTime;

    /// <summary>IAM reports dates to the second.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = timeProvider.GetUtcNow();
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>Unique ids: a type prefix (AIDA user, AGPA group, AROA role, ANPA policy, AIPA instance profile) and 17 base-32 characters.</summary>
    public static string NewUniqueId(string prefix) => prefix + RandomNumberGenerator.GetString(IdAlphabet, 17);

    public static string NewAccessKeyId() => NewKeyId("AKIA");

    /// <summary>Ids of the API-reference examples: AKIA access keys, APKA SSH public keys, ACCA service-specific credentials, + 16 base-32 characters.</summary>
    public static string NewKeyId(string prefix) => prefix + RandomNumberGenerator.GetString(IdAlphabet, 16);

    /// <summary>Signing certificate ids are 28 base-32 characters without a prefix (API_SigningCertificate example).</summary>
    public static string NewCertificateId() => NewBase32(28);

    /// <summary>A random base-32 string, e.g. a virtual MFA device's TOTP seed.</summary>
    public static string NewBase32(int length) => RandomNumberGenerator.GetString(IdAlphabet, length);

    public static string NewSecretAccessKey() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);

    /// <summary>arn:aws:iam::ACCOUNT:TYPE/PATH/NAME (the path keeps its slashes).</summary>
    public string Arn(string resourceType, string path, string name) => $"arn:aws:iam::{AccountId}:{resourceType}{path}{name}";

    public UserEntity RequireUser(string name) =>
        Users.FindForWrite(name) ?? throw IamError.NoSuchEntity($"The user with name {name} cannot be found.").ToException();

    public UserEntity ReadUser(string name) =>
        Users.FindForRead(name) ?? throw IamError.NoSuchEntity($"The user with name {name} cannot be found.").ToException();

    /// <summary>UserName is optional for most credential calls: without it IAM uses the caller's user.</summary>
    public UserEntity UserOrCaller(IamRequest request, bool forWrite)
    {
        var name = NameRules.OptionalName(request, "UserName", NameRules.UserNameLength)
            ?? Users.All.FirstOrDefault(user => user.AccessKeys.Any(key => key.AccessKeyId == request.CallerAccessKeyId))?.Name
            ?? throw IamError.Validation("userName", null, "Member must not be null (the emulator keeps no root-user credentials)").ToException();
        return forWrite ? RequireUser(name) : ReadUser(name);
    }

    /// <summary>The user an MFA device is enabled for, and the enablement; null while the device is unassigned.</summary>
    public (UserEntity User, MfaDeviceEntry Device)? Assignment(string serialNumber)
    {
        foreach (var user in Users.All)
        {
            if (user.MfaDevices.Find(device => string.Equals(device.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase)) is { } device)
            {
                return (user, device);
            }
        }

        return null;
    }

    public GroupEntity RequireGroup(string name) =>
        Groups.FindForWrite(name) ?? throw IamError.NoSuchEntity($"The group with name {name} cannot be found.").ToException();

    public GroupEntity ReadGroup(string name) =>
        Groups.FindForRead(name) ?? throw IamError.NoSuchEntity($"The group with name {name} cannot be found.").ToException();

    public RoleEntity RequireRole(string name) =>
        Roles.FindForWrite(name) ?? throw IamError.NoSuchEntity($"The role with name {name} cannot be found.").ToException();

    public RoleEntity ReadRole(string name) =>
        Roles.FindForRead(name) ?? throw IamError.NoSuchEntity($"The role with name {name} cannot be found.").ToException();

    public InstanceProfileEntity RequireInstanceProfile(string name) =>
        InstanceProfiles.FindForWrite(name) ?? throw IamError.NoSuchEntity($"Instance Profile {name} cannot be found.").ToException();

    public InstanceProfileEntity ReadInstanceProfile(string name) =>
        InstanceProfiles.FindForRead(name) ?? throw IamError.NoSuchEntity($"Instance Profile {name} cannot be found.").ToException();

    public ManagedPolicyEntity RequirePolicy(string arn) =>
        Policies.FindForWrite(arn) ?? throw IamError.NoSuchEntity($"Policy {arn} was not found.").ToException();

    public ManagedPolicyEntity ReadPolicy(string arn) =>
        Policies.FindForRead(arn) ?? throw IamError.NoSuchEntity($"Policy {arn} was not found.").ToException();

    /// <summary>Groups the user belongs to, in IAM's order.</summary>
    public IReadOnlyList<GroupEntity> GroupsOf(UserEntity user) =>
        Groups.All.Where(group => group.Members.Contains(user)).OrderBy(group => group.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public IEnumerable<PrincipalEntity> Principals => Users.All.Cast<PrincipalEntity>().Concat(Groups.All).Concat(Roles.All);

    public int AttachmentCount(ManagedPolicyEntity policy) =>
        Principals.Count(principal => principal.AttachedPolicyArns.Contains(policy.Arn, StringComparer.Ordinal));

    public int PermissionsBoundaryUsageCount(ManagedPolicyEntity policy) =>
        Users.All.Count(user => user.PermissionsBoundaryArn == policy.Arn) + Roles.All.Count(role => role.PermissionsBoundaryArn == policy.Arn);

    /// <summary>The user that owns an access key created through CreateAccessKey, and the key; null for a configured key pair.</summary>
    public (UserEntity User, AccessKeyEntry Key)? KeyOwner(string accessKeyId)
    {
        foreach (var user in Users.All)
        {
            if (user.AccessKeys.Find(key => key.AccessKeyId == accessKeyId) is { } key)
            {
                return (user, key);
            }
        }

        return null;
    }

    /// <summary>
    /// Records that a key signed a request. IAM keeps only the first use in any 15-minute span
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html, access_key_1_last_used_date).
    /// </summary>
    public void RecordKeyUse(string accessKeyId, string serviceName, string region)
    {
        if (KeyOwner(accessKeyId) is not { Key: var key })
        {
            return;
        }

        var now = Now;
        if (key.LastUsed is null || now - key.LastUsed.Date >= KeyUseRecordingSpan)
        {
            key.LastUsed = new AccessKeyUse(now, serviceName, region);
        }
    }

    /// <summary>Within this span after a recorded use, further uses of the key are not recorded.</summary>
    public static readonly TimeSpan KeyUseRecordingSpan = TimeSpan.FromMinutes(15);

    /// <summary>Configured key pairs, then active access keys created through CreateAccessKey.</summary>
    public EmulatorCredential? FindCredential(string accessKeyId)
    {
        var configured = Credentials.FirstOrDefault(credential => credential.AccessKeyId == accessKeyId);
        if (configured is not null)
        {
            return configured;
        }

        var key = Users.All.SelectMany(user => user.AccessKeys).FirstOrDefault(key => key.AccessKeyId == accessKeyId && key.Status == "Active");
        return key is null ? null : new EmulatorCredential(key.AccessKeyId, key.SecretAccessKey);
    }
}
