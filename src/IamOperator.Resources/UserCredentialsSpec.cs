using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>A Secret in the resource's namespace, by name.</summary>
[Description("A Kubernetes Secret in the IamUser's namespace.")]
public sealed class CredentialSecretName
{
    [Description("The Secret's name (a DNS subdomain). The operator creates it owned by this IamUser and never overwrites a Secret of that name that something else owns.")]
    [Required]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(IamPatterns.DnsSubdomain)]
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

/// <summary>A console password (IAM login profile) for the user, kept in a Secret.</summary>
[Description("Console access: an IAM login profile with a generated password that satisfies the account password policy, written to a Secret (keys username, password, signInUrl). The password is never changed again, except when the annotation iamoperator.dev/reset-password gets a new value.")]
public sealed class ConsoleAccessSpec
{
    /// <summary>The annotation whose new value makes the operator set a new password.</summary>
    public const string ResetPasswordAnnotation = "iamoperator.dev/reset-password";

    [Description("True gives the user a console password; false deletes the login profile and the Secret (when this IamUser owns it).")]
    [Required]
    [JsonPropertyName("enabled")] public bool Enabled { get; set; }

    [Description("Whether the user must choose a new password at the first sign-in; default true.")]
    [DefaultValue(true)]
    [JsonPropertyName("passwordResetRequired")] public bool PasswordResetRequired { get; set; } = true;

    [Description("The Secret that receives username, password and signInUrl (https://ACCOUNT_ID.signin.aws.amazon.com/console).")]
    [Required]
    [JsonPropertyName("passwordSecretRef")] public CredentialSecretName PasswordSecretRef { get; set; } = new();
}

/// <summary>An access key for the user, kept in a Secret and rotated through IAM's second key slot.</summary>
[Description("An access key kept in a Secret (keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, usable with envFrom), rotated the safe way: after rotateAfterDays a second key is created, verified with sts:GetCallerIdentity and written to the Secret; after graceDays more the old key is deactivated and deleted. Removing accessKey deletes the operator's keys and the Secret.")]
public sealed class AccessKeySpec
{
    public const int DefaultRotateAfterDays = 90;
    public const int DefaultGraceDays = 7;

    [Description("The Secret that receives AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")]
    [Required]
    [JsonPropertyName("secretRef")] public CredentialSecretName SecretRef { get; set; } = new();

    [Description("Days after a key's creation when the operator rotates it; default 90 (the article's and CIS's 90 days). Keep it above graceDays: IAM holds two keys, so the next key is only created once the previous one is gone.")]
    [Range(1, 3650)]
    [DefaultValue(DefaultRotateAfterDays)]
    [JsonPropertyName("rotateAfterDays")] public int RotateAfterDays { get; set; } = DefaultRotateAfterDays;

    [Description("Days the old key keeps working after the new one is in the Secret, so every consumer picks up the new key; then it is deactivated and deleted. Default 7.")]
    [Range(0, 365)]
    [DefaultValue(DefaultGraceDays)]
    [JsonPropertyName("graceDays")] public int GraceDays { get; set; } = DefaultGraceDays;
}
