using System.Security.Cryptography;
using System.Text;

namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// The AWS managed policies the emulator knows, with their real ARNs and paths
/// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html and
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html).
/// Documents are abbreviated but valid and representative; ids are stable per name.
/// </summary>
internal static class AwsManagedPolicies
{
    private static readonly DateTimeOffset Published = new(2015, 2, 6, 18, 39, 46, TimeSpan.Zero);

    public static IEnumerable<ManagedPolicyEntity> Create()
    {
        yield return Policy("/", "AdministratorAccess", "Provides full access to AWS services and resources.", Allow("*"));
        yield return Policy("/", "PowerUserAccess", "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}""");
        yield return Policy("/", "ReadOnlyAccess", "Provides read-only access to AWS services and resources.", Allow("ec2:Describe*", "iam:Get*", "iam:List*", "s3:Get*", "s3:List*", "dynamodb:Describe*", "dynamodb:List*", "logs:Describe*", "logs:Get*", "lambda:Get*", "lambda:List*"));
        yield return Policy("/", "AmazonS3ReadOnlyAccess", "Provides read only access to all buckets via the AWS Management Console.", Allow("s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"));
        yield return Policy("/", "AmazonS3FullAccess", "Provides full access to all buckets via the AWS Management Console.", Allow("s3:*", "s3-object-lambda:*"));
        yield return Policy("/", "AmazonEC2ReadOnlyAccess", "Provides read only access to Amazon EC2 via the AWS Management Console.", Allow("ec2:Describe*", "elasticloadbalancing:Describe*", "cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics", "cloudwatch:Describe*", "autoscaling:Describe*"));
        yield return Policy("/", "AmazonDynamoDBReadOnlyAccess", "Provides read only access to Amazon DynamoDB via the AWS Management Console.", Allow("dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:List*", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics"));
        yield return Policy("/", "IAMReadOnlyAccess", "Provides read only access to IAM via the AWS Management Console.", Allow("iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails", "iam:Get*", "iam:List*", "iam:SimulateCustomPolicy", "iam:SimulatePrincipalPolicy"));
        yield return Policy("/", "IAMFullAccess", "Provides full access to IAM via the AWS Management Console.", Allow("iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit", "organizations:DescribePolicy", "organizations:ListChildren", "organizations:ListParents", "organizations:ListPoliciesForTarget", "organizations:ListRoots", "organizations:ListPolicies", "organizations:ListTargetsForPolicy"));
        yield return Policy("/", "IAMUserChangePassword", "Provides the ability for an IAM user to change their own password.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]}""");
        yield return Policy("/", "SecurityAudit", "The security audit template grants access to read security configuration metadata.", Allow("access-analyzer:Get*", "access-analyzer:List*", "cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*", "config:Describe*", "ec2:Describe*", "iam:GenerateCredentialReport", "iam:Get*", "iam:List*", "kms:Describe*", "kms:Get*", "kms:List*", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:ListAllMyBuckets"));
        yield return Policy("/", "AWSLambda_FullAccess", "Grants full access to AWS Lambda service, AWS Lambda console features, and other related AWS services.", Allow("cloudformation:DescribeStacks", "cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "iam:GetRole", "iam:ListRoles", "lambda:*", "logs:DescribeLogGroups", "states:DescribeStateMachine", "states:ListStateMachines"));
        yield return Policy("/", "CloudWatchLogsFullAccess", "Provides full access to CloudWatch Logs.", Allow("logs:*", "cloudwatch:GenerateQuery"));
        yield return Policy("/", "CloudWatchReadOnlyAccess", "Provides read only access to CloudWatch.", Allow("autoscaling:Describe*", "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "logs:Get*", "logs:List*", "logs:Describe*", "logs:FilterLogEvents", "sns:Get*", "sns:List*"));
        yield return Policy("/service-role/", "AWSLambdaBasicExecutionRole", "Provides write permissions to CloudWatch Logs.", Allow("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"));
        yield return Policy("/service-role/", "AWSLambdaVPCAccessExecutionRole", "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC.", Allow("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"));
        yield return Policy("/service-role/", "AmazonEC2RoleforSSM", "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.", Allow("ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:ListAssociations", "ssm:UpdateInstanceInformation", "ec2messages:*", "cloudwatch:PutMetricData", "logs:CreateLogStream", "logs:PutLogEvents"));
        yield return Policy("/job-function/", "ViewOnlyAccess", "This policy grants permissions to view resources and basic metadata across all AWS services.", Allow("acm:ListCertificates", "cloudformation:ListStacks", "cloudwatch:ListMetrics", "dynamodb:ListTables", "ec2:DescribeInstances", "ec2:DescribeVpcs", "iam:ListGroups", "iam:ListPolicies", "iam:ListRoles", "iam:ListUsers", "lambda:ListFunctions", "rds:DescribeDBInstances", "s3:ListAllMyBuckets", "s3:ListBucket"));
        yield return Policy("/job-function/", "Billing", "Grants permissions for billing and cost management.", Allow("aws-portal:*Billing", "aws-portal:*Usage", "aws-portal:*PaymentMethods", "budgets:ViewBudget", "budgets:ModifyBudget", "ce:UpdatePreferences", "ce:CreateReport", "ce:UpdateReport", "ce:DeleteReport", "cur:DescribeReportDefinitions", "cur:PutReportDefinition", "pricing:DescribeServices", "purchase-orders:ViewPurchaseOrders"));
        yield return Policy("/job-function/", "DatabaseAdministrator", "Grants full access permissions to AWS services and actions required to set up and configure AWS database services.", Allow("cloudwatch:DeleteAlarms", "cloudwatch:Describe*", "cloudwatch:GetMetricStatistics", "dynamodb:*", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "elasticache:*", "rds:*", "redshift:*", "s3:CreateBucket", "s3:ListAllMyBuckets", "s3:ListBucket", "sns:ListTopics"));
        yield return Policy("/job-function/", "DataScientist", "Grants permissions to AWS data analytics services.", Allow("athena:*", "cloudwatch:GetMetricStatistics", "datapipeline:*", "dynamodb:*", "ec2:DescribeSubnets", "elasticmapreduce:*", "glue:*", "kinesis:*", "s3:*", "sagemaker:*"));
        yield return Policy("/job-function/", "NetworkAdministrator", "Grants full access permissions to AWS services and actions required to set up and configure AWS network resources.", Allow("autoscaling:Describe*", "cloudfront:ListDistributions", "directconnect:*", "ec2:AllocateAddress", "ec2:AssociateRouteTable", "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:Describe*", "elasticloadbalancing:*", "route53:*", "route53domains:*"));
        yield return Policy("/job-function/", "SystemAdministrator", "Grants full access permissions necessary for resources required for application and development operations.", Allow("acm:*", "cloudformation:*", "cloudtrail:*", "cloudwatch:*", "ec2:*", "elasticloadbalancing:*", "events:*", "lambda:*", "logs:*", "rds:*", "s3:*", "ses:*", "sns:*", "sqs:*", "ssm:*"));
        yield return Policy("/job-function/", "SupportUser", "This policy grants permissions to troubleshoot and resolve issues in an AWS account.", Allow("support:*", "acm:DescribeCertificate", "cloudformation:DescribeStacks", "cloudwatch:DescribeAlarms", "ec2:DescribeInstances", "iam:GetAccountSummary", "iam:ListRoles", "iam:ListUsers", "lambda:ListFunctions", "s3:ListAllMyBuckets"));
        yield return Policy("/aws-service-role/", "AWSSupportServiceRolePolicy", "Enables resource access for AWS to provide billing, administrative and support services.", Allow("iam:GetRole", "iam:ListRoles", "support:*", "ec2:Describe*"), isAttachable: false);
    }

    private static string Allow(params string[] actions)
    {
        var list = actions.Length == 1 ? $"\"{actions[0]}\"" : "[" + string.Join(",", actions.Select(action => $"\"{action}\"")) + "]";
        return $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{{list}},"Resource":"*"}]}""";
    }

    private static ManagedPolicyEntity Policy(string path, string name, string description, string document, bool isAttachable = true)
    {
        var policy = new ManagedPolicyEntity
        {
            Name = name,
            Id = StableId(name),
            Path = path,
            Arn = $"arn:aws:iam::aws:policy{path}{name}",
            CreateDate = Published,
            UpdateDate = Published,
            Description = description,
            IsAwsManaged = true,
            IsAttachable = isAttachable,
            NextVersionNumber = 2,
        };
        policy.Versions.Add(new PolicyVersionEntry("v1", document, Published) { IsDefault = true });
        return policy;
    }

    private static string StableId(string name)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return "ANPA" + new string(hash.Take(17).Select(b => alphabet[b % 32]).ToArray());
    }
}
