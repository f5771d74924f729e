using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>Who may assume the role: exactly one of services, serviceAccounts or document.</summary>
[ValidationRule(typeof(TrustHasExactlyOneForm))]
public sealed class TrustSpec
{
    /// <summary>AWS service principals, e.g. ec2.amazonaws.com, lambda.amazonaws.com.</summary>
    [Description("AWS services that may assume the role (sts:AssumeRole), e.g. ec2.amazonaws.com, lambda.amazonaws.com. For other principals use document.")]
    [MinLength(1)]
    [MaxLength(14)]
    [ListType("set")]
    [Items(Description = "An AWS service principal.", Enum = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "states.amazonaws.com", "events.amazonaws.com", "scheduler.amazonaws.com", "glue.amazonaws.com", "sagemaker.amazonaws.com", "codebuild.amazonaws.com", "codepipeline.amazonaws.com", "apigateway.amazonaws.com", "batch.amazonaws.com", "firehose.amazonaws.com"])]
    [JsonPropertyName("services")] public List<string>? Services { get; set; }

    [Description("Kubernetes service accounts that may assume the role through the cluster's IAM OIDC provider (IRSA, sts:AssumeRoleWithWebIdentity).")]
    [JsonPropertyName("serviceAccounts")] public ServiceAccountTrustSpec? ServiceAccounts { get; set; }

    /// <summary>A full trust policy document, for anything the short forms do not cover.</summary>
    [Description("A full trust policy document as a structured object, for anything the short forms do not cover.")]
    [JsonPropertyName("document")] public JsonElement? Document { get; set; }
}
