namespace IamOperator.Policies.Tests;

/// <summary>
/// Real IAM action names and realistic ARNs, to evaluate policies against. The action names and ARN
/// formats are facts from AWS's Service Authorization Reference
/// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
/// one page per service ("Actions defined by ..." and "Resource types defined by ..."); the account ids,
/// names and regions in the ARNs are made up.
/// </summary>
internal static class AwsSample
{
    private static readonly (string Service, string Names)[] ActionsByService =
    [
        ("s3", "GetObject PutObject DeleteObject ListBucket ListAllMyBuckets CreateBucket DeleteBucket GetBucketPolicy PutBucketPolicy DeleteBucketPolicy GetBucketAcl PutBucketAcl GetObjectAcl PutObjectAcl GetObjectVersion DeleteObjectVersion ListBucketVersions GetBucketLocation PutEncryptionConfiguration GetEncryptionConfiguration PutLifecycleConfiguration GetLifecycleConfiguration PutBucketPublicAccessBlock GetBucketPublicAccessBlock AbortMultipartUpload ListMultipartUploadParts PutBucketTagging GetBucketTagging ReplicateObject RestoreObject"),
        ("iam", "CreateUser DeleteUser GetUser ListUsers UpdateUser CreateRole DeleteRole GetRole ListRoles UpdateRole UpdateAssumeRolePolicy PassRole CreatePolicy DeletePolicy GetPolicy GetPolicyVersion CreatePolicyVersion DeletePolicyVersion SetDefaultPolicyVersion ListPolicies AttachUserPolicy DetachUserPolicy AttachRolePolicy DetachRolePolicy AttachGroupPolicy DetachGroupPolicy PutUserPolicy PutRolePolicy PutGroupPolicy DeleteUserPolicy DeleteRolePolicy DeleteGroupPolicy CreateGroup DeleteGroup AddUserToGroup RemoveUserFromGroup CreateAccessKey DeleteAccessKey UpdateAccessKey ListAccessKeys CreateLoginProfile DeleteLoginProfile UpdateLoginProfile TagUser UntagUser TagRole UntagRole TagPolicy PutUserPermissionsBoundary DeleteUserPermissionsBoundary PutRolePermissionsBoundary DeleteRolePermissionsBoundary CreateInstanceProfile DeleteInstanceProfile AddRoleToInstanceProfile RemoveRoleFromInstanceProfile CreateServiceLinkedRole CreateOpenIDConnectProvider GetAccountAuthorizationDetails GenerateCredentialReport GetCredentialReport CreateVirtualMFADevice EnableMFADevice DeactivateMFADevice UploadSSHPublicKey UploadSigningCertificate CreateServiceSpecificCredential SimulatePrincipalPolicy"),
        ("ec2", "RunInstances TerminateInstances StartInstances StopInstances RebootInstances DescribeInstances DescribeImages CreateImage DeregisterImage CreateVolume AttachVolume DetachVolume DeleteVolume CreateSnapshot DeleteSnapshot DescribeSecurityGroups CreateSecurityGroup DeleteSecurityGroup AuthorizeSecurityGroupIngress RevokeSecurityGroupIngress AuthorizeSecurityGroupEgress CreateVpc DeleteVpc CreateSubnet DeleteSubnet CreateTags DeleteTags AllocateAddress AssociateAddress ReleaseAddress CreateKeyPair DeleteKeyPair ImportKeyPair ModifyInstanceAttribute GetConsoleOutput CreateNetworkInterface"),
        ("sts", "AssumeRole AssumeRoleWithWebIdentity AssumeRoleWithSAML GetCallerIdentity GetSessionToken GetFederationToken TagSession SetSourceIdentity DecodeAuthorizationMessage GetAccessKeyInfo"),
        ("lambda", "CreateFunction DeleteFunction GetFunction InvokeFunction UpdateFunctionCode UpdateFunctionConfiguration ListFunctions AddPermission RemovePermission PublishVersion CreateAlias CreateEventSourceMapping GetPolicy PutFunctionConcurrency TagResource"),
        ("dynamodb", "GetItem PutItem UpdateItem DeleteItem Query Scan BatchGetItem BatchWriteItem CreateTable DeleteTable DescribeTable ListTables UpdateTable CreateBackup RestoreTableFromBackup"),
        ("kms", "Encrypt Decrypt GenerateDataKey ReEncryptFrom ReEncryptTo CreateKey DescribeKey ScheduleKeyDeletion DisableKey EnableKey CreateGrant RevokeGrant PutKeyPolicy GetKeyPolicy Sign Verify ListAliases CreateAlias"),
        ("sqs", "SendMessage ReceiveMessage DeleteMessage CreateQueue DeleteQueue GetQueueAttributes SetQueueAttributes GetQueueUrl PurgeQueue ChangeMessageVisibility"),
        ("sns", "Publish Subscribe Unsubscribe CreateTopic DeleteTopic SetTopicAttributes GetTopicAttributes ListTopics"),
        ("cloudwatch", "PutMetricData GetMetricData GetMetricStatistics ListMetrics PutMetricAlarm DeleteAlarms DescribeAlarms"),
        ("logs", "CreateLogGroup CreateLogStream PutLogEvents DescribeLogGroups DescribeLogStreams GetLogEvents FilterLogEvents DeleteLogGroup PutRetentionPolicy"),
        ("cloudtrail", "CreateTrail DeleteTrail StartLogging StopLogging LookupEvents DescribeTrails UpdateTrail PutEventSelectors"),
        ("cloudformation", "CreateStack DeleteStack UpdateStack DescribeStacks CreateChangeSet ExecuteChangeSet ValidateTemplate"),
        ("ecr", "GetAuthorizationToken BatchGetImage GetDownloadUrlForLayer PutImage InitiateLayerUpload UploadLayerPart CompleteLayerUpload CreateRepository DeleteRepository"),
        ("ecs", "RunTask StopTask DescribeTasks CreateService UpdateService DeleteService RegisterTaskDefinition ListClusters CreateCluster"),
        ("eks", "CreateCluster DeleteCluster DescribeCluster ListClusters CreateNodegroup UpdateClusterConfig AccessKubernetesApi"),
        ("rds", "CreateDBInstance DeleteDBInstance ModifyDBInstance DescribeDBInstances CreateDBSnapshot RebootDBInstance"),
        ("rds-db", "connect"),
        ("secretsmanager", "GetSecretValue PutSecretValue CreateSecret DeleteSecret DescribeSecret RotateSecret ListSecrets"),
        ("ssm", "GetParameter GetParameters PutParameter DeleteParameter SendCommand StartSession DescribeInstanceInformation"),
        ("organizations", "DescribeOrganization ListAccounts CreateAccount LeaveOrganization AttachPolicy"),
        ("route53", "ChangeResourceRecordSets ListHostedZones GetHostedZone CreateHostedZone"),
        ("apigateway", "GET POST PUT DELETE PATCH"),
        ("execute-api", "Invoke ManageConnections InvalidateCache"),
        ("es", "ESHttpGet ESHttpPost CreateDomain DeleteDomain"),
        ("glue", "GetTable GetDatabase CreateTable StartJobRun"),
        ("athena", "StartQueryExecution GetQueryResults"),
        ("kinesis", "PutRecord PutRecords GetRecords GetShardIterator"),
        ("firehose", "PutRecord PutRecordBatch"),
        ("states", "StartExecution DescribeExecution"),
        ("events", "PutEvents PutRule PutTargets"),
        ("elasticloadbalancing", "CreateLoadBalancer DeleteLoadBalancer RegisterTargets"),
        ("autoscaling", "CreateAutoScalingGroup UpdateAutoScalingGroup SetDesiredCapacity"),
        ("codebuild", "StartBuild BatchGetBuilds"),
        ("codecommit", "GitPull GitPush"),
        ("ses", "SendEmail SendRawEmail"),
        ("cognito-idp", "AdminCreateUser AdminDeleteUser"),
        ("sso", "CreatePermissionSet"),
        ("access-analyzer", "ValidatePolicy"),
        ("aws-portal", "ViewBilling"),
        ("a4b", "CreateRoom"),
        ("iot", "Connect Publish Subscribe Receive"),
    ];

    /// <summary>A few hundred real action names across many services, as IAM spells them.</summary>
    public static IReadOnlyList<string> Actions { get; } =
        [.. ActionsByService.SelectMany(s => s.Names.Split(' ').Select(n => $"{s.Service}:{n}"))];

    /// <summary>A region of each partition other than aws (AWS General Reference, Regions and endpoints).</summary>
    private static readonly (string Partition, string Region)[] OtherPartitions =
    [
        ("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1"), ("aws-iso", "us-iso-east-1"), ("aws-iso-b", "us-isob-east-1"),
        ("aws-iso-e", "eu-isoe-west-1"), ("aws-iso-f", "us-isof-south-1"), ("aws-eusc", "eusc-de-east-1"),
    ];

    /// <summary>
    /// Realistic ARNs in every partition: global (empty region), account-less (S3), AWS-owned (account
    /// "aws"), resources with colons and slashes; many in aws, the same few shapes in each other partition.
    /// </summary>
    public static IReadOnlyList<string> Arns { get; } =
    [
        .. OtherPartitions.SelectMany(o => new[]
        {
            $"arn:{o.Partition}:s3:::{o.Partition}-bucket",
            $"arn:{o.Partition}:s3:::{o.Partition}-bucket/data/part-0000.parquet",
            $"arn:{o.Partition}:iam::123456789012:role/app",
            $"arn:{o.Partition}:iam::aws:policy/ReadOnlyAccess",
            $"arn:{o.Partition}:ec2:{o.Region}:123456789012:instance/i-0abcd1234efgh5678",
            $"arn:{o.Partition}:lambda:{o.Region}:123456789012:function:worker",
            $"arn:{o.Partition}:sqs:{o.Region}:123456789012:q",
            $"arn:{o.Partition}:logs:{o.Region}:123456789012:log-group:/app",
        }),
        "arn:aws:s3:::amzn-s3-demo-bucket",
        "arn:aws:s3:::amzn-s3-demo-bucket/reports/2024/q1.csv",
        "arn:aws:s3:::audit-logs/AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/01/trail.json.gz",
        "arn:aws:s3:::home/alice/notes:draft.txt",
        "arn:aws:s3:us-east-1:123456789012:accesspoint/reports",
        "arn:aws:s3:us-east-1:123456789012:job/1a2b3c",
        "arn:aws:iam::123456789012:user/alice.johnson",
        "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob",
        "arn:aws:iam::123456789012:group/Developers",
        "arn:aws:iam::123456789012:role/EC2-S3-Access-Role",
        "arn:aws:iam::123456789012:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
        "arn:aws:iam::123456789012:policy/team-a-s3",
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::123456789012:instance-profile/EC2-S3-Access-Role",
        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        "arn:aws:iam::123456789012:saml-provider/ADFS",
        "arn:aws:iam::123456789012:mfa/alice.johnson",
        "arn:aws:iam::123456789012:server-certificate/prod/www.example.com",
        "arn:aws:sts::123456789012:assumed-role/EC2-S3-Access-Role/i-0abcd1234efgh5678",
        "arn:aws:sts::123456789012:federated-user/carol",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0abcd1234efgh5678",
        "arn:aws:ec2:eu-west-1:123456789012:volume/vol-049df61146c4d7901",
        "arn:aws:ec2:us-west-2:123456789012:security-group/sg-1a2b3c4d",
        "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0e9801d129EXAMPLE",
        "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890",
        "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:key-pair/deploy",
        "arn:aws:lambda:us-east-1:123456789012:function:my-function",
        "arn:aws:lambda:us-east-1:123456789012:function:my-function:PROD",
        "arn:aws:lambda:eu-central-1:123456789012:layer:shared-deps:7",
        "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Music",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Music/index/GenreIndex",
        "arn:aws:dynamodb:us-east-1:123456789012:table/Music/stream/2024-01-01T00:00:00.000",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:eu-west-1:123456789012:alias/app",
        "arn:aws:sqs:us-east-2:123456789012:queue1",
        "arn:aws:sqs:eu-west-1:123456789012:q",
        "arn:aws:sqs:us-east-2:123456789012:orders.fifo",
        "arn:aws:sns:us-east-1:123456789012:alerts",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-function:log-stream:2024/01/01/[$LATEST]abcdef",
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:HighCPU",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events",
        "arn:aws:cloudformation:us-east-1:123456789012:stack/app/c0fd5a30-0000-11ee-be56-0242ac120002",
        "arn:aws:ecr:us-east-1:123456789012:repository/team-a/api",
        "arn:aws:ecs:us-east-1:123456789012:cluster/default",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12",
        "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
        "arn:aws:eks:eu-west-1:123456789012:nodegroup/prod/general/1ab2c3d4-5678-90ab-cdef-EXAMPLE11111",
        "arn:aws:rds:us-east-1:123456789012:db:orders",
        "arn:aws:rds:us-east-1:123456789012:snapshot:rds:orders-2024-01-01-00-00",
        "arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABCDEFGHIJKL01234/app_user",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-password-AbCdEf",
        "arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/db-url",
        "arn:aws:ssm:us-east-1::document/AWS-RunShellScript",
        "arn:aws:organizations::123456789012:account/o-exampleorgid/111111111111",
        "arn:aws:organizations::123456789012:root/o-exampleorgid/r-examplerootid",
        "arn:aws:route53:::hostedzone/Z1D633PJN98FT9",
        "arn:aws:route53:::change/C2682N5HXP0BZ4",
        "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod",
        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets",
        "arn:aws:es:us-east-1:123456789012:domain/search",
        "arn:aws:glue:us-east-1:123456789012:table/sales/orders",
        "arn:aws:athena:us-east-1:123456789012:workgroup/primary",
        "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks-to-s3",
        "arn:aws:states:us-east-1:123456789012:stateMachine:OrderFlow",
        "arn:aws:events:us-east-1:123456789012:rule/nightly",
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:8e7b3c2a-1111-2222-3333-444455556666:autoScalingGroupName/web",
        "arn:aws:codebuild:us-east-1:123456789012:project/api",
        "arn:aws:codecommit:us-east-1:123456789012:repo",
        "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE",
        "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222",
        "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/account",
        "arn:aws:iot:us-east-1:123456789012:topic/sensors/temperature",
        "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
    ];

    /// <summary>The partition of an ARN: its second segment.</summary>
    public static string PartitionOf(string arn) => arn.Split(':')[1];
}
