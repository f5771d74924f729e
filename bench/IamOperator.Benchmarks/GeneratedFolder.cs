using System.Globalization;
using IamOperator.Resources.Manifests;

namespace IamOperator.Benchmarks;

/// <summary>
/// N manifests in the proportions of a real account — 10% policies, 5% groups, 25% roles, the rest users —
/// with references between them, kept within IAM's default quotas (300 groups, 1,000 roles, 10 managed
/// policies per entity, 2,048 characters of user inline policy).
/// </summary>
public sealed record GeneratedFolder(int Policies, int Groups, int Users, int Roles)
{
    public const string Namespace = "bench";

    public int Count => Policies + Groups + Users + Roles;

    public static GeneratedFolder Of(int count)
    {
        var policies = Math.Max(1, count / 10);
        var groups = Math.Max(1, count / 20);
        var roles = count / 4;
        var users = count - policies - groups - roles;
        if (groups > 300 || roles > 1000 || policies > 1500)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "would exceed IAM's default quotas (300 groups, 1,000 roles, 1,500 customer managed policies)");
        }

        return new GeneratedFolder(policies, groups, users, roles);
    }

    /// <summary>
    /// The same proportions beyond IAM's default quotas (the memory benchmarks' 10,000: 1,000 policies, 500 groups,
    /// 6,000 users, 2,500 roles), for an account whose quotas are raised by <see cref="QuotasToHoldIt"/>.
    /// </summary>
    public static GeneratedFolder Large(int count) =>
        new(Policies: count / 10, Groups: count / 20, Users: count - (count / 10) - (count / 20) - (count / 4), Roles: count / 4);

    /// <summary>IAM's default quotas, raised where this folder needs more (half the roles have an instance profile; all are counted).</summary>
    public IamOperator.Iam.Emulator.IamQuotas QuotasToHoldIt()
    {
        var defaults = new IamOperator.Iam.Emulator.IamQuotas();
        return defaults with
        {
            Users = Math.Max(defaults.Users, Users), Groups = Math.Max(defaults.Groups, Groups),
            Roles = Math.Max(defaults.Roles, Roles), InstanceProfiles = Math.Max(defaults.InstanceProfiles, Roles),
            CustomerManagedPolicies = Math.Max(defaults.CustomerManagedPolicies, Policies),
        };
    }

    public string Describe() => $"{Count} resources: {Policies} policies, {Groups} groups, {Users} users, {Roles} roles";

    /// <summary>Writes the manifests into <paramref name="folder"/>, one file per kind.</summary>
    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "policies.yaml"), Join(Policies, PolicyYaml));
        File.WriteAllText(Path.Combine(folder, "groups.yaml"), Join(Groups, GroupYaml));
        File.WriteAllText(Path.Combine(folder, "users.yaml"), Join(Users, UserYaml));
        File.WriteAllText(Path.Combine(folder, "roles.yaml"), Join(Roles, RoleYaml));
    }

    /// <summary>The same manifests loaded as resources, with a check that every one of them is valid.</summary>
    public ManifestSet Load()
    {
        var set = ManifestLoader.LoadText(string.Join("\n---\n", Join(Policies, PolicyYaml), Join(Groups, GroupYaml), Join(Users, UserYaml), Join(Roles, RoleYaml)), "generated");
        if (set.Problems.Count > 0)
        {
            throw new InvalidOperationException("generated manifests have problems: " + string.Join("; ", set.Problems));
        }

        return set;
    }

    private static string Join(int count, Func<int, string> yaml) =>
        string.Join("---\n", Enumerable.Range(0, count).Select(yaml));

    private static string N(int i) => i.ToString("D4", CultureInfo.InvariantCulture);

    private string PolicyYaml(int i) => $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamPolicy
        metadata:
          name: policy-{N(i)}
          namespace: {Namespace}
        spec:
          iamName: BenchPolicy{N(i)}
          path: /bench/
          description: Read and write the data of team {i}
          tags:
            team: team-{i}
          document:
            Version: "2012-10-17"
            Statement:
              - Sid: ReadTeamBucket
                Effect: Allow
                Action: [s3:GetObject, s3:GetObjectVersion, s3:ListBucket]
                Resource: [arn:aws:s3:::team-{i}, arn:aws:s3:::team-{i}/*]
              - Sid: TeamQueue
                Effect: Allow
                Action: [sqs:SendMessage, sqs:ReceiveMessage, sqs:DeleteMessage]
                Resource: arn:aws:sqs:eu-west-1:111122223333:team-{i}
              - Sid: TeamTable
                Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
                Resource: arn:aws:dynamodb:eu-west-1:111122223333:table/team-{i}
                Condition:
                  Bool:
                    aws:SecureTransport: "true"

        """;

    private string GroupYaml(int i) => $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata:
          name: group-{N(i)}
          namespace: {Namespace}
        spec:
          iamName: BenchGroup{N(i)}
          path: /bench/
          permissions:
            managedPolicyArns:
              - arn:aws:iam::aws:policy/ReadOnlyAccess
            policyRefs:
              - name: policy-{N(i % Policies)}
              - name: policy-{N((i + 1) % Policies)}
            inlinePolicies:
              - name: DenyOutsideRegion
                document:
                  Version: "2012-10-17"
                  Statement:
                    - Effect: Deny
                      Action: "*"
                      Resource: "*"
                      Condition:
                        StringNotEquals:
                          aws:RequestedRegion: [eu-west-1, eu-central-1]

        """;

    private string UserYaml(int i) => $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata:
          name: user-{N(i)}
          namespace: {Namespace}
        spec:
          iamName: bench.user{N(i)}
          path: /bench/
          groupRefs:
            - name: group-{N(i % Groups)}
            - name: group-{N((i + 7) % Groups)}
          permissions:
            policyRefs:
              - name: policy-{N(i % Policies)}
          tags:
            team: team-{i % Policies}
            cost-center: "{4700 + i % 50}"

        """;

    private string RoleYaml(int i)
    {
        var service = i % 2 == 0 ? "ec2.amazonaws.com" : "lambda.amazonaws.com";
        return $"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata:
              name: role-{N(i)}
              namespace: {Namespace}
            spec:
              iamName: BenchRole{N(i)}
              path: /bench/
              description: Workload {i} of the bench team
              trust:
                services: [{service}]
              permissions:
                managedPolicyArns:
                  - arn:aws:iam::aws:policy/ReadOnlyAccess
                policyRefs:
                  - name: policy-{N(i % Policies)}
                  - name: policy-{N((i + 3) % Policies)}
                inlinePolicies:
                  - name: WriteLogs
                    document:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Action: [logs:CreateLogStream, logs:PutLogEvents]
                          Resource: arn:aws:logs:eu-west-1:111122223333:log-group:/bench/workload-{i}:*
              tags:
                workload: workload-{i}

            """;
    }
}
