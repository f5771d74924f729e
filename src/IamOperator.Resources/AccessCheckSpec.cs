using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>
/// One declared expectation about what a principal may do: IAM's policy simulator
/// (SimulatePrincipalPolicy) must decide <see cref="Action"/> on <see cref="Resource"/> with
/// <see cref="Context"/> as <see cref="Expect"/> says. The action is concrete (no wildcards) because the
/// simulator judges one request per action name, as a real call would be.
/// </summary>
[Description("An access check: what IAM's policy simulator must decide for one action on one resource.")]
public sealed class AccessCheckSpec
{
    /// <summary>The most checks one resource declares (see docs/resources.md for why).</summary>
    public const int MaxPerResource = 100;

    /// <summary>The most context entries one check carries.</summary>
    public const int MaxContextEntries = 20;

    [Description("The IAM action to judge, service:Action, e.g. s3:GetObject. A concrete action name without wildcards, as a request names it (IAM's policy simulator judges concrete actions); up to 128 characters.")]
    [Required]
    [StringLength(IamLimits.ActionNameMaxLength, MinimumLength = 3)]
    [RegularExpression(IamPatterns.IamAction)]
    [JsonPropertyName("action")] public string Action { get; set; } = "";

    [Description("The resource ARN the request targets, e.g. arn:aws:s3:::reports/2024.csv; default '*' (for actions that take no resource, such as s3:ListAllMyBuckets). Printable ASCII without spaces, up to 2048 characters.")]
    [DefaultValue("*")]
    [StringLength(IamLimits.ArnMaxLength, MinimumLength = 1)]
    [RegularExpression(IamPatterns.AccessCheckResource)]
    [JsonPropertyName("resource")] public string Resource { get; set; } = "*";

    [Description("Condition keys and their values as the simulated request carries them (SimulatePrincipalPolicy ContextEntries), e.g. aws:RequestedRegion. A check whose decision depends on a key not given here is reported as unverifiable, never as passed.")]
    [MaxLength(MaxContextEntries)]
    [ListType("map", "key")]
    [JsonPropertyName("context")] public List<AccessCheckContextEntry>? Context { get; set; }

    [Description("The decision the check expects: Allowed, or Denied (explicitly by a Deny statement or implicitly because nothing allows it).")]
    [Required]
    [JsonPropertyName("expect")] public AccessExpectation Expect { get; set; }
}
