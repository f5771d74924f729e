using System.Diagnostics.Metrics;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Iam;

/// <summary>
/// <see cref="IIamApi"/> over the IAM Query API (form POST, <c>Version=2010-05-08</c>, XML
/// responses), signed with the AWS SDK's SigV4 signer. Lists return every page; policy
/// documents come back decoded. Create it with <see cref="IamClientFactory"/> or
/// <see cref="IamServiceCollectionExtensions.AddIamClient"/> so the rate limiter is shared.
/// </summary>
public sealed class IamQueryClient : IIamApi, IDisposable
{
    /// <summary>IAM's largest page; fewer pages means fewer calls against the account's rate limit.</summary>
    private const int PageSize = 1000;

    /// <summary>STS's Query API version and namespace (https://docs.aws.amazon.com/STS/latest/APIReference/).</summary>
    internal const string StsApiVersion = "2011-06-15";

    private readonly IamQueryTransport transport;
    private readonly IamRateLimitGauge rateGauge;
    private readonly IamSecretScrubber scrubber;
    private readonly IamClientOptions options;

    /// <param name="transport">The HTTP handler that reaches IAM (a SocketsHttpHandler in production, a fake in tests); requests are signed before they reach it.</param>
    public IamQueryClient(
        IamClientOptions options, HttpMessageHandler transport, IamRateLimiter rateLimiter,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(rateLimiter);
        options.Validate();
        timeProvider ??= TimeProvider.System;
        var scrubber = new IamSecretScrubber();
        scrubber.Learn(options.Credentials);
        this.scrubber = scrubber;
        this.options = options;
        var signing = new SigV4SigningHandler(IamCredentialSource.From(options.Credentials, scrubber), options.SigningRegion, timeProvider, transport);
        var http = new HttpClient(signing, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<IamQueryClient>();
        this.transport = new IamQueryTransport(http, options, rateLimiter, new IamClientMetrics(meterFactory), logger, timeProvider, scrubber);
        rateGauge = new IamRateLimitGauge(meterFactory, rateLimiter, options.Endpoint);
    }

    public void Dispose()
    {
        rateGauge.Stop();
        transport.Dispose();
    }

    // Internal for tests that create state IIamApi never creates (console passwords, MFA devices).
    internal Task<XElement> SendAsync(IamQueryParameters parameters, CancellationToken cancellationToken) =>
        transport.SendAsync(parameters, cancellationToken);

    private static IamQueryParameters Action(string action) => new(action);

    /// <summary>Every page of a Marker/IsTruncated list, collected from one or more list elements of each page.</summary>
    private async Task<IReadOnlyList<T>> ListAllAsync<T>(
        IamQueryParameters parameters, string listName, Func<XElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await ForEachPageAsync(parameters, page => items.AddRange(page.Members(listName).Select(read)), cancellationToken).ConfigureAwait(false);
        return items;
    }

    private async Task ForEachPageAsync(IamQueryParameters parameters, Action<XElement> onPage, CancellationToken cancellationToken)
    {
        parameters.Add("MaxItems", PageSize);
        var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await SendAsync(parameters.WithMarker(marker), cancellationToken).ConfigureAwait(false);
            onPage(page);
            marker = page.Flag("IsTruncated") ? page.Text("Marker") : null;
            if (marker is not null && !seenMarkers.Add(marker))
            {
                throw new IamApiException(IamErrorCode.Unknown, "InvalidResponse",
                    $"IAM returned the same pagination marker twice; stopping to avoid an endless loop", null, 200, parameters.Action);
            }
        }
        while (marker is not null);
    }

    private static (string Kind, string NameParameter) Parts(IamPrincipal principal) => principal.Kind switch
    {
        IamPrincipalKind.User => ("User", "UserName"),
        IamPrincipalKind.Group => ("Group", "GroupName"),
        IamPrincipalKind.Role => ("Role", "RoleName"),
        _ => throw new ArgumentOutOfRangeException(nameof(principal), principal.Kind, "An IAM principal is a user, group or role."),
    };

    private static (string Kind, string NameParameter) Parts(IamTaggable resource) => resource.Kind switch
    {
        IamTaggableKind.User => ("User", "UserName"),
        IamTaggableKind.Role => ("Role", "RoleName"),
        IamTaggableKind.Policy => ("Policy", "PolicyArn"),
        IamTaggableKind.InstanceProfile => ("InstanceProfile", "InstanceProfileName"),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource.Kind, "IAM tags users, roles, managed policies and instance profiles (not groups)."),
    };

    private static IamPrincipal BoundaryHolder(IamPrincipal principal) => principal.Kind is IamPrincipalKind.User or IamPrincipalKind.Role
        ? principal
        : throw new ArgumentException($"Permissions boundaries apply to users and roles only; '{principal.Name}' is a group.", nameof(principal));

    // ---- Users

    public async Task<IamUserInfo> GetUserAsync(string userName, CancellationToken cancellationToken) =>
        IamResponseReader.User((await SendAsync(Action("GetUser").Add("UserName", userName), cancellationToken).ConfigureAwait(false)).Child("User")!);

    public async Task<IamUserInfo> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        var parameters = Action("CreateUser").Add("UserName", request.UserName).Add("Path", request.Path)
            .Add("PermissionsBoundary", request.PermissionsBoundaryArn).AddTags(request.Tags);
        var result = await SendAsync(parameters, cancellationToken).ConfigureAwait(false);
        return IamResponseReader.User(result.Child("User")!);
    }

    public Task UpdateUserAsync(string userName, string? newUserName, string? newPath, CancellationToken cancellationToken) =>
        SendAsync(Action("UpdateUser").Add("UserName", userName).Add("NewUserName", newUserName).Add("NewPath", newPath), cancellationToken);

    public Task DeleteUserAsync(string userName, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteUser").Add("UserName", userName), cancellationToken);

    public Task<IReadOnlyList<IamUserInfo>> ListUsersAsync(string? pathPrefix, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListUsers").Add("PathPrefix", pathPrefix), "Users", IamResponseReader.User, cancellationToken);

    // ---- Groups

    public async Task<IamGroupInfo> GetGroupAsync(string groupName, CancellationToken cancellationToken)
    {
        // GetGroup also pages through members; one member is enough when only the group is wanted.
        var result = await SendAsync(Action("GetGroup").Add("GroupName", groupName).Add("MaxItems", 1), cancellationToken).ConfigureAwait(false);
        return IamResponseReader.Group(result.Child("Group")!);
    }

    public async Task<IamGroupInfo> CreateGroupAsync(string groupName, string? path, CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("CreateGroup").Add("GroupName", groupName).Add("Path", path), cancellationToken).ConfigureAwait(false);
        return IamResponseReader.Group(result.Child("Group")!);
    }

    public Task UpdateGroupAsync(string groupName, string? newGroupName, string? newPath, CancellationToken cancellationToken) =>
        SendAsync(Action("UpdateGroup").Add("GroupName", groupName).Add("NewGroupName", newGroupName).Add("NewPath", newPath), cancellationToken);

    public Task DeleteGroupAsync(string groupName, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteGroup").Add("GroupName", groupName), cancellationToken);

    public Task<IReadOnlyList<IamGroupInfo>> ListGroupsAsync(string? pathPrefix, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListGroups").Add("PathPrefix", pathPrefix), "Groups", IamResponseReader.Group, cancellationToken);

    // ---- Group membership

    public Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        SendAsync(Action("AddUserToGroup").Add("GroupName", groupName).Add("UserName", userName), cancellationToken);

    public Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken) =>
        SendAsync(Action("RemoveUserFromGroup").Add("GroupName", groupName).Add("UserName", userName), cancellationToken);

    public Task<IReadOnlyList<IamGroupInfo>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListGroupsForUser").Add("UserName", userName), "Groups", IamResponseReader.Group, cancellationToken);

    public Task<IReadOnlyList<IamUserInfo>> GetGroupMembersAsync(string groupName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("GetGroup").Add("GroupName", groupName), "Users", IamResponseReader.User, cancellationToken);

    // ---- Roles

    public async Task<IamRoleInfo> GetRoleAsync(string roleName, CancellationToken cancellationToken) =>
        IamResponseReader.Role((await SendAsync(Action("GetRole").Add("RoleName", roleName), cancellationToken).ConfigureAwait(false)).Child("Role")!);

    public async Task<IamRoleInfo> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken)
    {
        var parameters = Action("CreateRole").Add("RoleName", request.RoleName).Add("AssumeRolePolicyDocument", request.AssumeRolePolicyDocument)
            .Add("Path", request.Path).Add("Description", request.Description).Add("MaxSessionDuration", request.MaxSessionDurationSeconds)
            .Add("PermissionsBoundary", request.PermissionsBoundaryArn).AddTags(request.Tags);
        var result = await SendAsync(parameters, cancellationToken).ConfigureAwait(false);
        return IamResponseReader.Role(result.Child("Role")!);
    }

    public Task UpdateRoleAsync(string roleName, string? description, int? maxSessionDurationSeconds, CancellationToken cancellationToken) =>
        SendAsync(Action("UpdateRole").Add("RoleName", roleName).Add("Description", description).Add("MaxSessionDuration", maxSessionDurationSeconds),
            cancellationToken);

    public Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken) =>
        SendAsync(Action("UpdateAssumeRolePolicy").Add("RoleName", roleName).Add("PolicyDocument", policyDocument), cancellationToken);

    public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteRole").Add("RoleName", roleName), cancellationToken);

    public Task<IReadOnlyList<IamRoleInfo>> ListRolesAsync(string? pathPrefix, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListRoles").Add("PathPrefix", pathPrefix), "Roles", IamResponseReader.Role, cancellationToken);

    // ---- Permissions boundaries

    public Task PutPermissionsBoundaryAsync(IamPrincipal principal, string policyArn, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(BoundaryHolder(principal));
        return SendAsync(Action($"Put{kind}PermissionsBoundary").Add(nameParameter, principal.Name).Add("PermissionsBoundary", policyArn), cancellationToken);
    }

    public Task DeletePermissionsBoundaryAsync(IamPrincipal principal, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(BoundaryHolder(principal));
        return SendAsync(Action($"Delete{kind}PermissionsBoundary").Add(nameParameter, principal.Name), cancellationToken);
    }

    // ---- Managed policies

    public async Task<IamManagedPolicyInfo> GetPolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        IamResponseReader.Policy((await SendAsync(Action("GetPolicy").Add("PolicyArn", policyArn), cancellationToken).ConfigureAwait(false)).Child("Policy")!);

    public async Task<IamManagedPolicyInfo> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken cancellationToken)
    {
        var parameters = Action("CreatePolicy").Add("PolicyName", request.PolicyName).Add("PolicyDocument", request.PolicyDocument)
            .Add("Path", request.Path).Add("Description", request.Description).AddTags(request.Tags);
        var result = await SendAsync(parameters, cancellationToken).ConfigureAwait(false);
        return IamResponseReader.Policy(result.Child("Policy")!);
    }

    public Task DeletePolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        SendAsync(Action("DeletePolicy").Add("PolicyArn", policyArn), cancellationToken);

    public Task<IReadOnlyList<IamManagedPolicyInfo>> ListPoliciesAsync(PolicyScope scope, bool onlyAttached, string? pathPrefix, CancellationToken cancellationToken)
    {
        var scopeValue = scope switch
        {
            PolicyScope.All => "All",
            PolicyScope.Aws => "AWS",
            PolicyScope.Local => "Local",
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "ListPolicies scope is All, Aws or Local."),
        };
        return ListAllAsync(Action("ListPolicies").Add("Scope", scopeValue).Add("OnlyAttached", onlyAttached).Add("PathPrefix", pathPrefix),
            "Policies", IamResponseReader.Policy, cancellationToken);
    }

    public async Task<PolicyEntities> ListEntitiesForPolicyAsync(string policyArn, CancellationToken cancellationToken)
    {
        List<string> users = [], groups = [], roles = [];
        await ForEachPageAsync(Action("ListEntitiesForPolicy").Add("PolicyArn", policyArn), page =>
        {
            users.AddRange(page.Members("PolicyUsers").Select(m => m.Required("UserName")));
            groups.AddRange(page.Members("PolicyGroups").Select(m => m.Required("GroupName")));
            roles.AddRange(page.Members("PolicyRoles").Select(m => m.Required("RoleName")));
        }, cancellationToken).ConfigureAwait(false);
        return new PolicyEntities(users, groups, roles);
    }

    // ---- Policy versions

    /// <summary>
    /// IAM keeps at most five versions. When it answers LimitExceeded, the oldest non-default
    /// version is deleted and the create is tried once more.
    /// </summary>
    public async Task<IamPolicyVersionInfo> CreatePolicyVersionAsync(string policyArn, string policyDocument, bool setAsDefault, CancellationToken cancellationToken)
    {
        var parameters = Action("CreatePolicyVersion").Add("PolicyArn", policyArn).Add("PolicyDocument", policyDocument).Add("SetAsDefault", setAsDefault);
        XElement result;
        try
        {
            result = await SendAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (IamApiException full) when (full.ErrorCode == IamErrorCode.LimitExceeded)
        {
            var versions = await ListPolicyVersionsAsync(policyArn, cancellationToken).ConfigureAwait(false);
            var oldest = versions.Where(v => !v.IsDefaultVersion).OrderBy(v => v.CreateDate).FirstOrDefault();
            if (versions.Count < MaxPolicyVersions || oldest is null)
                throw;
            await DeletePolicyVersionAsync(policyArn, oldest.VersionId, cancellationToken).ConfigureAwait(false);
            result = await SendAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        return IamResponseReader.PolicyVersion(result.Child("PolicyVersion")!);
    }

    /// <summary>
    /// IAM's limit on stored versions of one managed policy. Its one home: the client needs it to recover from
    /// LimitExceeded and cannot reference IamOperator.Resources (where the other limits live), while the planner,
    /// which plans the delete of the oldest version before a create, references this project.
    /// </summary>
    public const int MaxPolicyVersions = 5;

    public Task<IReadOnlyList<IamPolicyVersionInfo>> ListPolicyVersionsAsync(string policyArn, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListPolicyVersions").Add("PolicyArn", policyArn), "Versions", IamResponseReader.PolicyVersion, cancellationToken);

    public async Task<IamPolicyVersionInfo> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("GetPolicyVersion").Add("PolicyArn", policyArn).Add("VersionId", versionId), cancellationToken).ConfigureAwait(false);
        return IamResponseReader.PolicyVersion(result.Child("PolicyVersion")!);
    }

    public Task DeletePolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken) =>
        SendAsync(Action("DeletePolicyVersion").Add("PolicyArn", policyArn).Add("VersionId", versionId), cancellationToken);

    public Task SetDefaultPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken) =>
        SendAsync(Action("SetDefaultPolicyVersion").Add("PolicyArn", policyArn).Add("VersionId", versionId), cancellationToken);

    // ---- Managed policy attachments

    public Task AttachPolicyAsync(IamPrincipal principal, string policyArn, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        return SendAsync(Action($"Attach{kind}Policy").Add(nameParameter, principal.Name).Add("PolicyArn", policyArn), cancellationToken);
    }

    public Task DetachPolicyAsync(IamPrincipal principal, string policyArn, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        return SendAsync(Action($"Detach{kind}Policy").Add(nameParameter, principal.Name).Add("PolicyArn", policyArn), cancellationToken);
    }

    public Task<IReadOnlyList<AttachedPolicy>> ListAttachedPoliciesAsync(IamPrincipal principal, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        return ListAllAsync(Action($"ListAttached{kind}Policies").Add(nameParameter, principal.Name), "AttachedPolicies",
            IamResponseReader.AttachedPolicy, cancellationToken);
    }

    // ---- Inline policies

    public Task PutInlinePolicyAsync(IamPrincipal principal, string policyName, string policyDocument, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        return SendAsync(Action($"Put{kind}Policy").Add(nameParameter, principal.Name).Add("PolicyName", policyName).Add("PolicyDocument", policyDocument),
            cancellationToken);
    }

    public async Task<string> GetInlinePolicyAsync(IamPrincipal principal, string policyName, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        var result = await SendAsync(Action($"Get{kind}Policy").Add(nameParameter, principal.Name).Add("PolicyName", policyName), cancellationToken)
            .ConfigureAwait(false);
        return result.Document("PolicyDocument") ?? throw new FormatException($"IAM Get{kind}Policy response lacks <PolicyDocument>.");
    }

    public Task DeleteInlinePolicyAsync(IamPrincipal principal, string policyName, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        return SendAsync(Action($"Delete{kind}Policy").Add(nameParameter, principal.Name).Add("PolicyName", policyName), cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(IamPrincipal principal, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(principal);
        return ListAllAsync(Action($"List{kind}Policies").Add(nameParameter, principal.Name), "PolicyNames", m => m.Value, cancellationToken);
    }

    // ---- Tags

    public Task TagAsync(IamTaggable resource, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(resource);
        return SendAsync(Action($"Tag{kind}").Add(nameParameter, resource.NameOrArn).AddTags(tags), cancellationToken);
    }

    public Task UntagAsync(IamTaggable resource, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(resource);
        return SendAsync(Action($"Untag{kind}").Add(nameParameter, resource.NameOrArn).AddMembers("TagKeys", tagKeys), cancellationToken);
    }

    public Task<IReadOnlyList<IamTag>> ListTagsAsync(IamTaggable resource, CancellationToken cancellationToken)
    {
        var (kind, nameParameter) = Parts(resource);
        return ListAllAsync(Action($"List{kind}Tags").Add(nameParameter, resource.NameOrArn), "Tags",
            m => new IamTag(m.Required("Key"), m.Text("Value") ?? ""), cancellationToken);
    }

    // ---- Instance profiles

    public async Task<IamInstanceProfileInfo> CreateInstanceProfileAsync(string instanceProfileName, string? path, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken)
    {
        var parameters = Action("CreateInstanceProfile").Add("InstanceProfileName", instanceProfileName).Add("Path", path).AddTags(tags);
        var result = await SendAsync(parameters, cancellationToken).ConfigureAwait(false);
        return IamResponseReader.InstanceProfile(result.Child("InstanceProfile")!);
    }

    public async Task<IamInstanceProfileInfo> GetInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("GetInstanceProfile").Add("InstanceProfileName", instanceProfileName), cancellationToken).ConfigureAwait(false);
        return IamResponseReader.InstanceProfile(result.Child("InstanceProfile")!);
    }

    public Task DeleteInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteInstanceProfile").Add("InstanceProfileName", instanceProfileName), cancellationToken);

    public Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
        SendAsync(Action("AddRoleToInstanceProfile").Add("InstanceProfileName", instanceProfileName).Add("RoleName", roleName), cancellationToken);

    public Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
        SendAsync(Action("RemoveRoleFromInstanceProfile").Add("InstanceProfileName", instanceProfileName).Add("RoleName", roleName), cancellationToken);

    public Task<IReadOnlyList<IamInstanceProfileInfo>> ListInstanceProfilesForRoleAsync(string roleName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListInstanceProfilesForRole").Add("RoleName", roleName), "InstanceProfiles", IamResponseReader.InstanceProfile, cancellationToken);

    // ---- User credentials

    public async Task<NewAccessKey> CreateAccessKeyAsync(string userName, CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("CreateAccessKey").Add("UserName", userName), cancellationToken).ConfigureAwait(false);
        return IamResponseReader.NewAccessKey(result.Child("AccessKey")!);
    }

    public Task<IReadOnlyList<AccessKeyMetadata>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListAccessKeys").Add("UserName", userName), "AccessKeyMetadata", IamResponseReader.AccessKey, cancellationToken);

    public Task UpdateAccessKeyAsync(string userName, string accessKeyId, AccessKeyStatus status, CancellationToken cancellationToken) =>
        SendAsync(Action("UpdateAccessKey").Add("UserName", userName).Add("AccessKeyId", accessKeyId).Add("Status", status.ToString()), cancellationToken);

    public Task DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteAccessKey").Add("UserName", userName).Add("AccessKeyId", accessKeyId), cancellationToken);

    public async Task<LoginProfileInfo?> GetLoginProfileAsync(string userName, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SendAsync(Action("GetLoginProfile").Add("UserName", userName), cancellationToken).ConfigureAwait(false);
            return IamResponseReader.LoginProfile(result.Child("LoginProfile")!);
        }
        catch (IamApiException missing) when (missing.ErrorCode == IamErrorCode.NoSuchEntity && missing.IamMessage.Contains("login profile", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    public Task DeleteLoginProfileAsync(string userName, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteLoginProfile").Add("UserName", userName), cancellationToken);

    public async Task<LoginProfileInfo> CreateLoginProfileAsync(string userName, string password, bool passwordResetRequired, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        // An endpoint that echoes the password in an error must not put it in a log or status.
        scrubber.Learn(password);
        var result = await SendAsync(Action("CreateLoginProfile").Add("UserName", userName).Add("Password", password)
            .Add("PasswordResetRequired", passwordResetRequired), cancellationToken).ConfigureAwait(false);
        return IamResponseReader.LoginProfile(result.Child("LoginProfile")!);
    }

    public Task UpdateLoginProfileAsync(string userName, string? password, bool? passwordResetRequired, CancellationToken cancellationToken)
    {
        scrubber.Learn(password);
        return SendAsync(Action("UpdateLoginProfile").Add("UserName", userName).Add("Password", password)
            .Add("PasswordResetRequired", passwordResetRequired), cancellationToken);
    }

    public async Task<AccountPasswordPolicyInfo?> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await SendAsync(Action("GetAccountPasswordPolicy"), cancellationToken).ConfigureAwait(false);
            return IamResponseReader.PasswordPolicy(result.Child("PasswordPolicy")!);
        }
        catch (IamApiException missing) when (missing.ErrorCode == IamErrorCode.NoSuchEntity)
        {
            // IAM answers NoSuchEntity when the account has no policy: its default rules apply.
            return null;
        }
    }

    public Task UpdateAccountPasswordPolicyAsync(AccountPasswordPolicySettings policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return SendAsync(Action("UpdateAccountPasswordPolicy")
            .Add("MinimumPasswordLength", policy.MinimumPasswordLength)
            .Add("RequireSymbols", policy.RequireSymbols)
            .Add("RequireNumbers", policy.RequireNumbers)
            .Add("RequireUppercaseCharacters", policy.RequireUppercaseCharacters)
            .Add("RequireLowercaseCharacters", policy.RequireLowercaseCharacters)
            .Add("AllowUsersToChangePassword", policy.AllowUsersToChangePassword)
            .Add("MaxPasswordAge", policy.MaxPasswordAge)
            .Add("PasswordReusePrevention", policy.PasswordReusePrevention)
            .Add("HardExpiry", policy.HardExpiry), cancellationToken);
    }

    public Task DeleteAccountPasswordPolicyAsync(CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteAccountPasswordPolicy"), cancellationToken);

    public async Task<CredentialReportState> GenerateCredentialReportAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("GenerateCredentialReport"), cancellationToken).ConfigureAwait(false);
        return result.Text("State") switch
        {
            "COMPLETE" => CredentialReportState.Complete,
            "INPROGRESS" => CredentialReportState.InProgress,
            "STARTED" => CredentialReportState.Started,
            var other => throw new FormatException($"IAM GenerateCredentialReport answered an unknown State '{other}'."),
        };
    }

    public async Task<CredentialReportContent> GetCredentialReportAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("GetCredentialReport"), cancellationToken).ConfigureAwait(false);
        return new CredentialReportContent(Convert.FromBase64String(result.Required("Content")), result.Text("ReportFormat") ?? "text/csv",
            result.Date("GeneratedTime"));
    }

    public Task<IReadOnlyList<MfaDeviceInfo>> ListMfaDevicesAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListMFADevices").Add("UserName", userName), "MFADevices", IamResponseReader.MfaDevice, cancellationToken);

    public Task DeactivateMfaDeviceAsync(string userName, string serialNumber, CancellationToken cancellationToken) =>
        SendAsync(Action("DeactivateMFADevice").Add("UserName", userName).Add("SerialNumber", serialNumber), cancellationToken);

    public Task DeleteVirtualMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteVirtualMFADevice").Add("SerialNumber", serialNumber), cancellationToken);

    public Task<IReadOnlyList<SigningCertificateMetadata>> ListSigningCertificatesAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListSigningCertificates").Add("UserName", userName), "Certificates", IamResponseReader.SigningCertificate, cancellationToken);

    public Task DeleteSigningCertificateAsync(string userName, string certificateId, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteSigningCertificate").Add("UserName", userName).Add("CertificateId", certificateId), cancellationToken);

    public Task<IReadOnlyList<SshPublicKeyMetadata>> ListSshPublicKeysAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListSSHPublicKeys").Add("UserName", userName), "SSHPublicKeys", IamResponseReader.SshPublicKey, cancellationToken);

    public Task DeleteSshPublicKeyAsync(string userName, string sshPublicKeyId, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteSSHPublicKey").Add("UserName", userName).Add("SSHPublicKeyId", sshPublicKeyId), cancellationToken);

    /// <summary>IAM added Marker/MaxItems to this list with Bedrock API keys; following them costs nothing where it never truncates.</summary>
    public Task<IReadOnlyList<ServiceSpecificCredentialMetadata>> ListServiceSpecificCredentialsAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(Action("ListServiceSpecificCredentials").Add("UserName", userName), "ServiceSpecificCredentials",
            IamResponseReader.ServiceSpecificCredential, cancellationToken);

    public Task DeleteServiceSpecificCredentialAsync(string userName, string serviceSpecificCredentialId, CancellationToken cancellationToken) =>
        SendAsync(Action("DeleteServiceSpecificCredential").Add("UserName", userName).Add("ServiceSpecificCredentialId", serviceSpecificCredentialId),
            cancellationToken);

    // ---- Bulk read

    public async Task<AccountAuthorizationDetails> GetAccountAuthorizationDetailsAsync(AccountDetailsFilter filter, CancellationToken cancellationToken)
    {
        var parameters = Action("GetAccountAuthorizationDetails").AddMembers("Filter", FilterValues(filter));
        List<UserDetail> users = [];
        List<GroupDetail> groups = [];
        List<RoleDetail> roles = [];
        List<ManagedPolicyDetail> policies = [];
        await ForEachPageAsync(parameters, page =>
        {
            users.AddRange(page.Members("UserDetailList").Select(IamResponseReader.UserDetail));
            groups.AddRange(page.Members("GroupDetailList").Select(IamResponseReader.GroupDetail));
            roles.AddRange(page.Members("RoleDetailList").Select(IamResponseReader.RoleDetail));
            policies.AddRange(page.Members("Policies").Select(IamResponseReader.ManagedPolicyDetail));
        }, cancellationToken).ConfigureAwait(false);
        return new AccountAuthorizationDetails(users, groups, roles, policies);
    }

    public async Task<IReadOnlyDictionary<string, int>> GetAccountSummaryAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(Action("GetAccountSummary"), cancellationToken).ConfigureAwait(false);
        var summary = new Dictionary<string, int>(StringComparer.Ordinal);
        // A map, not a list: <SummaryMap><entry><key/><value/></entry>…</SummaryMap>.
        foreach (var entry in result.Child("SummaryMap")?.Elements().Where(e => e.Name.LocalName == "entry") ?? [])
        {
            if (entry.Text("key") is { } key && int.TryParse(entry.Text("value"), System.Globalization.CultureInfo.InvariantCulture, out var value))
                summary[key] = value;
        }

        return summary;
    }

    // ---- STS

    public async Task<IamCallerIdentity> GetCallerIdentityAsync(StaticIamCredentials? credentials, CancellationToken cancellationToken)
    {
        Uri endpoint;
        try
        {
            endpoint = options.ResolveStsEndpoint();
        }
        catch (ArgumentException invalid)
        {
            throw new IamApiException(IamErrorCode.InvalidInput, "InvalidEndpoint", invalid.Message, null, 0, "GetCallerIdentity");
        }
        scrubber.Learn(credentials);
        var target = new IamQueryTarget(endpoint, "sts", "STS", UsesIamRateLimit: false, credentials);
        var result = await transport.SendAsync(new IamQueryParameters("GetCallerIdentity", StsApiVersion), target, cancellationToken).ConfigureAwait(false);
        return IamResponseReader.CallerIdentity(result);
    }

    // ---- Policy simulator

    public Task<IReadOnlyList<PolicySimulationResult>> SimulatePrincipalPolicyAsync(
        string policySourceArn, PolicySimulationRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(policySourceArn);
        return SimulateAsync(Action("SimulatePrincipalPolicy").Add("PolicySourceArn", policySourceArn), request, cancellationToken);
    }

    public Task<IReadOnlyList<PolicySimulationResult>> SimulateCustomPolicyAsync(PolicySimulationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PolicyInputList is not { Count: > 0 })
            throw new ArgumentException("SimulateCustomPolicy needs at least one policy document in PolicyInputList.", nameof(request));
        return SimulateAsync(Action("SimulateCustomPolicy"), request, cancellationToken);
    }

    private Task<IReadOnlyList<PolicySimulationResult>> SimulateAsync(IamQueryParameters parameters, PolicySimulationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ActionNames.Count == 0)
            throw new ArgumentException("A simulation needs at least one action name.", nameof(request));
        parameters
            .AddMembers("ActionNames", request.ActionNames)
            .AddMembers("ResourceArns", request.ResourceArns ?? [])
            .AddMembers("PolicyInputList", request.PolicyInputList ?? [])
            .AddMembers("PermissionsBoundaryPolicyInputList", request.PermissionsBoundaryPolicyInputList ?? [])
            .Add("CallerArn", request.CallerArn);
        var index = 0;
        foreach (var entry in request.ContextEntries ?? [])
        {
            var prefix = $"ContextEntries.member.{++index}";
            parameters.Add($"{prefix}.ContextKeyName", entry.Key)
                .Add($"{prefix}.ContextKeyType", IamResponseReader.ContextKeyTypeName(entry.Type))
                .AddMembers($"{prefix}.ContextKeyValues", entry.Values);
        }

        return ListAllAsync(parameters, "EvaluationResults", IamResponseReader.SimulationResult, cancellationToken);
    }

    /// <summary>IAM's Filter.member.N values; no filter means every entity type.</summary>
    private static IEnumerable<string> FilterValues(AccountDetailsFilter filter)
    {
        if (filter == AccountDetailsFilter.All || filter == AccountDetailsFilter.None)
            yield break;
        if (filter.HasFlag(AccountDetailsFilter.User)) yield return "User";
        if (filter.HasFlag(AccountDetailsFilter.Role)) yield return "Role";
        if (filter.HasFlag(AccountDetailsFilter.Group)) yield return "Group";
        if (filter.HasFlag(AccountDetailsFilter.LocalManagedPolicy)) yield return "LocalManagedPolicy";
        if (filter.HasFlag(AccountDetailsFilter.AwsManagedPolicy)) yield return "AWSManagedPolicy";
    }
}
