using System.Text.Json.Nodes;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// The inline policy <c>IamGroup.spec.requireMfa: true</c> puts on a group: the IAM User Guide's example
/// "Allows IAM users to self-manage an MFA device" (statement BlockMostAccessUnlessSignedInWithMFA,
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html). A member
/// may set up and manage their own MFA device and change their own password; every other request is denied
/// unless it is MFA-authenticated (<c>aws:MultiFactorAuthPresent</c>; BoolIfExists, so a long-term access key,
/// whose requests lack the key, is denied as well). The password is added to the example as the User Guide's
/// note on "Allows MFA-authenticated IAM users to manage their own credentials" describes, so that a user whose
/// console password must be reset at first sign-in (IamUser consoleAccess) can do so before enrolling MFA.
/// The name is reserved: a declared inline policy cannot take it, so the guard is always the operator's.
/// </summary>
public static class GroupMfaGuard
{
    public const string PolicyName = "iamoperator.dev-require-mfa";

    private const string OwnUser = "arn:aws:iam::*:user/${aws:username}";

    /// <summary>What a member may do without MFA: enrol and manage their own device, and change their own password.</summary>
    public static IReadOnlyList<string> ActionsWithoutMfa { get; } =
    [
        "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetMFADevice", "iam:ListMFADevices", "iam:ListUsers",
        "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword", "iam:GetAccountPasswordPolicy",
    ];

    /// <summary>The document, compact, as it is sent to IAM (and read back for comparison).</summary>
    public static string Document { get; } = new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(
            Statement("AllowListActions", "Allow", ["iam:ListUsers", "iam:ListVirtualMFADevices", "iam:GetAccountPasswordPolicy"], "*"),
            Statement("AllowUserToCreateVirtualMFADevice", "Allow", ["iam:CreateVirtualMFADevice"], "arn:aws:iam::*:mfa/*"),
            Statement("AllowUserToManageTheirOwnMFA", "Allow",
                ["iam:EnableMFADevice", "iam:GetMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"], OwnUser),
            Statement("AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA", "Allow", ["iam:DeactivateMFADevice"], OwnUser,
                new JsonObject { ["Bool"] = new JsonObject { ["aws:MultiFactorAuthPresent"] = "true" } }),
            Statement("AllowUserToChangeTheirOwnPassword", "Allow", ["iam:ChangePassword"], OwnUser),
            new JsonObject
            {
                ["Sid"] = "BlockMostAccessUnlessSignedInWithMFA",
                ["Effect"] = "Deny",
                ["NotAction"] = new JsonArray([.. ActionsWithoutMfa.Select(a => (JsonNode)JsonValue.Create(a))]),
                ["Resource"] = "*",
                ["Condition"] = new JsonObject { ["BoolIfExists"] = new JsonObject { ["aws:MultiFactorAuthPresent"] = "false" } },
            }),
    }.ToJsonString();

    public static bool IsGuard(string policyName) => string.Equals(policyName, PolicyName, StringComparison.OrdinalIgnoreCase);

    private static JsonObject Statement(string sid, string effect, IReadOnlyList<string> actions, string resource, JsonObject? condition = null)
    {
        var statement = new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = effect,
            ["Action"] = new JsonArray([.. actions.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["Resource"] = resource,
        };
        if (condition is not null) statement["Condition"] = condition;
        return statement;
    }
}
