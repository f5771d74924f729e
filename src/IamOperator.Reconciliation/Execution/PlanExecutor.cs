using System.Diagnostics;
using IamOperator.Iam;
using IamOperator.Reconciliation.Planning;
using Microsoft.Extensions.Logging;

namespace IamOperator.Reconciliation.Execution;

/// <summary>
/// Executes a plan's actions in order through <see cref="IIamApi"/>, stopping at the first failure.
/// One Activity per plan (the IAM client adds a child span per call). DeleteConflict is retried with
/// a doubling delay: right after a member is removed or a policy detached, IAM's eventual
/// consistency can still see the dependent for a moment.
/// </summary>
public sealed class PlanExecutor(IIamApi iam, ReconcileSettings settings, TimeProvider timeProvider, ILogger<PlanExecutor> logger)
{
    public const string ActivitySourceName = "IamOperator.Reconciliation";
    private static readonly ActivitySource Source = new(ActivitySourceName);

    public async Task<PlanExecutionResult> ApplyAsync(Plan plan, CancellationToken cancellationToken)
    {
        if (plan.IsEmpty) return new PlanExecutionResult(0);
        var created = new Created();
        using var activity = Source.StartActivity($"apply {plan.Resource.Kind}");
        activity?.SetTag("k8s.resource.kind", plan.Resource.Kind);
        activity?.SetTag("k8s.namespace.name", plan.Resource.Namespace);
        activity?.SetTag("k8s.resource.name", plan.Resource.Name);
        activity?.SetTag("iamoperator.iam_name", plan.IamName);
        activity?.SetTag("iamoperator.plan", plan.Summary());
        var writes = 0;
        try
        {
            for (var i = 0; i < plan.Actions.Count; i++)
            {
                var action = plan.Actions[i];
                // A bound pair is one change: a cancellation (even during the first call, which IAM may
                // still perform) must not split it.
                var bound = action.BoundToPrevious || (i + 1 < plan.Actions.Count && plan.Actions[i + 1].BoundToPrevious);
                var token = bound ? CancellationToken.None : cancellationToken;
                token.ThrowIfCancellationRequested();
                await ExecuteWithRetryAsync(action, created, token).ConfigureAwait(false);
                writes++;
                logger.LogDebug("{Resource}: {Action}", plan.Resource, action.Describe());
            }
        }
        catch (IamApiException e)
        {
            var failed = plan.Actions[writes];
            activity?.SetStatus(ActivityStatusCode.Error, e.Code);
            activity?.SetTag("error.type", e.Code);
            activity?.SetTag("iamoperator.iam_writes", writes);
            logger.LogWarning("{Resource}: {Action} failed after {Writes} writes: {Code} {Message}", plan.Resource, failed.Operation, writes, e.Code, e.IamMessage);
            return created.Into(new PlanExecutionResult(writes, failed, e));
        }
        activity?.SetTag("iamoperator.iam_writes", writes);
        return created.Into(new PlanExecutionResult(writes));
    }

    /// <summary>What the create calls of one plan answered.</summary>
    private sealed class Created
    {
        public string? Arn, Id, InstanceProfileArn, DefaultVersionId;

        public PlanExecutionResult Into(PlanExecutionResult result) => result with
        {
            CreatedArn = Arn, CreatedId = Id, InstanceProfileArn = InstanceProfileArn, DefaultVersionId = DefaultVersionId,
        };
    }

    private async Task ExecuteWithRetryAsync(PlannedIamWrite action, Created created, CancellationToken ct)
    {
        var delay = settings.DeleteConflictBaseDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ExecuteAsync(action, created, ct).ConfigureAwait(false);
                return;
            }
            catch (IamApiException e) when (e.ErrorCode == IamErrorCode.DeleteConflict && attempt < settings.DeleteConflictRetries)
            {
                logger.LogInformation("{Action} hit DeleteConflict; retry {Attempt} in {Delay}", action.Describe(), attempt + 1, delay);
                await Task.Delay(delay, timeProvider, ct).ConfigureAwait(false);
                delay += delay;
            }
        }
    }

    private async Task ExecuteAsync(PlannedIamWrite a, Created created, CancellationToken ct)
    {
        var target = a.Target;
        var subject = a.Subject ?? "";
        var document = a.Document ?? "";
        switch (a.Operation)
        {
            case IamOperation.CreatePolicy:
                var policy = await iam.CreatePolicyAsync(new CreatePolicyRequest(target, document, a.Path, a.Description, a.Tags), ct).ConfigureAwait(false);
                (created.Arn, created.Id, created.DefaultVersionId) = (policy.Arn, policy.PolicyId, policy.DefaultVersionId);
                return;
            case IamOperation.CreatePolicyVersion:
                created.DefaultVersionId = (await iam.CreatePolicyVersionAsync(target, document, setAsDefault: true, ct).ConfigureAwait(false)).VersionId;
                return;
            case IamOperation.CreateGroup:
                var group = await iam.CreateGroupAsync(target, a.Path, ct).ConfigureAwait(false);
                (created.Arn, created.Id) = (group.Arn, group.GroupId);
                return;
            case IamOperation.CreateUser:
                var user = await iam.CreateUserAsync(new CreateUserRequest(target, a.Path, a.PermissionsBoundaryArn, a.Tags), ct).ConfigureAwait(false);
                (created.Arn, created.Id) = (user.Arn, user.UserId);
                return;
            case IamOperation.CreateRole:
                var role = await iam.CreateRoleAsync(new CreateRoleRequest(target, document, a.Path, a.Description,
                    a.MaxSessionDurationSeconds, a.PermissionsBoundaryArn, a.Tags), ct).ConfigureAwait(false);
                (created.Arn, created.Id) = (role.Arn, role.RoleId);
                return;
            case IamOperation.CreateInstanceProfile:
                created.InstanceProfileArn = (await iam.CreateInstanceProfileAsync(target, a.Path, a.Tags ?? [], ct).ConfigureAwait(false)).Arn;
                return;
        }
        await ((a.Operation switch
        {
            IamOperation.DeletePolicyVersion => iam.DeletePolicyVersionAsync(target, subject, ct),
            IamOperation.TagPolicy => iam.TagAsync(IamTaggable.Policy(target), a.Tags ?? [], ct),
            IamOperation.UntagPolicy => iam.UntagAsync(IamTaggable.Policy(target), a.TagKeys ?? [], ct),
            IamOperation.DeletePolicy => iam.DeletePolicyAsync(target, ct),

            IamOperation.UpdateGroup => iam.UpdateGroupAsync(target, a.NewName, a.NewPath, ct),
            IamOperation.PutGroupPolicy => iam.PutInlinePolicyAsync(IamPrincipal.Group(target), subject, document, ct),
            IamOperation.DeleteGroupPolicy => iam.DeleteInlinePolicyAsync(IamPrincipal.Group(target), subject, ct),
            IamOperation.AttachGroupPolicy => iam.AttachPolicyAsync(IamPrincipal.Group(target), subject, ct),
            IamOperation.DetachGroupPolicy => iam.DetachPolicyAsync(IamPrincipal.Group(target), subject, ct),
            IamOperation.DeleteGroup => iam.DeleteGroupAsync(target, ct),

            IamOperation.UpdateUser => iam.UpdateUserAsync(target, a.NewName, a.NewPath, ct),
            IamOperation.TagUser => iam.TagAsync(IamTaggable.User(target), a.Tags ?? [], ct),
            IamOperation.UntagUser => iam.UntagAsync(IamTaggable.User(target), a.TagKeys ?? [], ct),
            IamOperation.PutUserPermissionsBoundary => iam.PutPermissionsBoundaryAsync(IamPrincipal.User(target), subject, ct),
            IamOperation.DeleteUserPermissionsBoundary => iam.DeletePermissionsBoundaryAsync(IamPrincipal.User(target), ct),
            IamOperation.PutUserPolicy => iam.PutInlinePolicyAsync(IamPrincipal.User(target), subject, document, ct),
            IamOperation.DeleteUserPolicy => iam.DeleteInlinePolicyAsync(IamPrincipal.User(target), subject, ct),
            IamOperation.AttachUserPolicy => iam.AttachPolicyAsync(IamPrincipal.User(target), subject, ct),
            IamOperation.DetachUserPolicy => iam.DetachPolicyAsync(IamPrincipal.User(target), subject, ct),
            IamOperation.AddUserToGroup => iam.AddUserToGroupAsync(subject, target, ct),
            IamOperation.RemoveUserFromGroup => iam.RemoveUserFromGroupAsync(subject, target, ct),
            IamOperation.DeleteLoginProfile => iam.DeleteLoginProfileAsync(target, ct),
            IamOperation.DeleteAccessKey => iam.DeleteAccessKeyAsync(target, subject, ct),
            IamOperation.DeleteSigningCertificate => iam.DeleteSigningCertificateAsync(target, subject, ct),
            IamOperation.DeleteSSHPublicKey => iam.DeleteSshPublicKeyAsync(target, subject, ct),
            IamOperation.DeleteServiceSpecificCredential => iam.DeleteServiceSpecificCredentialAsync(target, subject, ct),
            IamOperation.DeactivateMFADevice => iam.DeactivateMfaDeviceAsync(target, subject, ct),
            IamOperation.DeleteVirtualMFADevice => iam.DeleteVirtualMfaDeviceAsync(target, ct),
            IamOperation.DeleteUser => iam.DeleteUserAsync(target, ct),

            IamOperation.UpdateRole => iam.UpdateRoleAsync(target, a.Description, a.MaxSessionDurationSeconds, ct),
            IamOperation.UpdateAssumeRolePolicy => iam.UpdateAssumeRolePolicyAsync(target, document, ct),
            IamOperation.TagRole => iam.TagAsync(IamTaggable.Role(target), a.Tags ?? [], ct),
            IamOperation.UntagRole => iam.UntagAsync(IamTaggable.Role(target), a.TagKeys ?? [], ct),
            IamOperation.PutRolePermissionsBoundary => iam.PutPermissionsBoundaryAsync(IamPrincipal.Role(target), subject, ct),
            IamOperation.DeleteRolePermissionsBoundary => iam.DeletePermissionsBoundaryAsync(IamPrincipal.Role(target), ct),
            IamOperation.PutRolePolicy => iam.PutInlinePolicyAsync(IamPrincipal.Role(target), subject, document, ct),
            IamOperation.DeleteRolePolicy => iam.DeleteInlinePolicyAsync(IamPrincipal.Role(target), subject, ct),
            IamOperation.AttachRolePolicy => iam.AttachPolicyAsync(IamPrincipal.Role(target), subject, ct),
            IamOperation.DetachRolePolicy => iam.DetachPolicyAsync(IamPrincipal.Role(target), subject, ct),
            IamOperation.DeleteRole => iam.DeleteRoleAsync(target, ct),

            IamOperation.TagInstanceProfile => iam.TagAsync(IamTaggable.InstanceProfile(target), a.Tags ?? [], ct),
            IamOperation.AddRoleToInstanceProfile => iam.AddRoleToInstanceProfileAsync(target, subject, ct),
            IamOperation.RemoveRoleFromInstanceProfile => iam.RemoveRoleFromInstanceProfileAsync(target, subject, ct),
            IamOperation.DeleteInstanceProfile => iam.DeleteInstanceProfileAsync(target, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(a), a.Operation, "unknown IAM operation"),
        }).ConfigureAwait(false));
    }
}
