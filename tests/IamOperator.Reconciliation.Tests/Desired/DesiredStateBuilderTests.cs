using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Desired;

public class DesiredStateBuilderTests
{
    private static readonly ReconcileSettings Settings = new() { OwnerId = "cluster-a" };

    private static DesiredState Build(string yaml, DictionaryLookup? lookup = null) =>
        DesiredStateBuilder.Build(Manifests.One(yaml), Settings, lookup ?? new DictionaryLookup());

    [Fact]
    public void Name_defaults_to_metadata_name_path_to_root_and_owner_tag_is_merged_into_tags()
    {
        var state = Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: alice, namespace: team }
            spec:
              tags: { cost-center: "42" }
            """);
        var user = Assert.IsType<DesiredUser>(state.Entity);
        Assert.Equal(("alice", "/"), (user.IamName, user.Path));
        Assert.Equal("cluster-a/team/alice", user.Identity.Owner);
        Assert.Equal(new Dictionary<string, string> { ["cost-center"] = "42", [KubernetesApiGroup.OwnerTagKey] = "cluster-a/team/alice" }, user.Tags);
        Assert.Equal(90, user.AccessKeyMaxAgeDays);
        Assert.True(user.RequireMfa);
    }

    [Fact]
    public void Service_trust_allows_sts_AssumeRole_and_ec2_turns_the_instance_profile_on()
    {
        var role = Assert.IsType<DesiredRole>(Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: ec2-role, namespace: team }
            spec:
              trust: { services: [ec2.amazonaws.com] }
            """).Entity);
        Assert.True(role.InstanceProfile);
        Assert.Contains("\"sts:assumerole\"", role.TrustPolicy, StringComparison.OrdinalIgnoreCase); // IAM actions are case-insensitive
        Assert.Contains("ec2.amazonaws.com", role.TrustPolicy);
        Assert.Equal(3600, role.MaxSessionDurationSeconds);
    }

    [Fact]
    public void Lambda_role_has_no_instance_profile_unless_asked()
    {
        const string yaml = """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: fn, namespace: team }
            spec:
              trust: { services: [lambda.amazonaws.com] }
            """;
        Assert.False(Assert.IsType<DesiredRole>(Build(yaml).Entity).InstanceProfile);
        Assert.True(Assert.IsType<DesiredRole>(Build(yaml + "\n  instanceProfile: { enabled: true }").Entity).InstanceProfile);
    }

    [Fact]
    public void Irsa_trust_federates_the_oidc_provider_with_sub_and_aud_conditions()
    {
        var role = Assert.IsType<DesiredRole>(Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: app, namespace: team }
            spec:
              trust:
                serviceAccounts:
                  oidcProviderArn: arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC
                  subjects: [{ namespace: shop, name: checkout }]
            """).Entity);
        using var json = System.Text.Json.JsonDocument.Parse(role.TrustPolicy);
        var statement = json.RootElement.GetProperty("Statement")[0];
        Assert.Contains("sts:AssumeRoleWithWebIdentity", statement.GetProperty("Action").ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", statement.GetProperty("Principal").GetProperty("Federated").ToString());
        // Condition key names are case-insensitive in IAM; the canonical form writes them in lower case.
        var equals = statement.GetProperty("Condition").GetProperty("StringEquals").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("system:serviceaccount:shop:checkout", equals["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"]);
        Assert.Contains("sts.amazonaws.com", equals["oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"]);
        Assert.False(role.InstanceProfile);
    }

    [Fact]
    public void Documents_keep_the_manifest_text_and_reordered_declarations_compare_equal_in_canonical_form()
    {
        const string a = """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: g, namespace: team }
            spec:
              permissions:
                inlinePolicies:
                  - name: s3
                    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [s3:GetObject], Resource: "*" }] }
            """;
        const string b = """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: g, namespace: team }
            spec:
              permissions:
                inlinePolicies:
                  - name: s3
                    document: { Statement: { Resource: ["*"], Action: s3:GetObject, Effect: Allow }, Version: "2012-10-17" }
            """;
        var first = Assert.IsType<DesiredGroup>(Build(a).Entity);
        var second = Assert.IsType<DesiredGroup>(Build(b).Entity);
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}""", first.InlinePolicies["s3"]);
        Assert.NotEqual(first.InlinePolicies["s3"], second.InlinePolicies["s3"]);
        Assert.Equal(Observed.PolicyText.Canonical(first.InlinePolicies["s3"]), Observed.PolicyText.Canonical(second.InlinePolicies["s3"]));
        var inIam = new Dictionary<string, string> { ["s3"] = Observed.PolicyText.Canonical(second.InlinePolicies["s3"]) };
        Assert.True(Planner.Diff(first, new Observed.ObservedGroup("g", "/", "arn", "id", first.Identity.Owner, [], inIam, null)).IsEmpty);
    }

    [Fact]
    public void Policy_and_group_references_resolve_to_arn_and_iam_name()
    {
        var lookup = new DictionaryLookup(new()
        {
            ["IamGroup/team/devs"] = new("Developers", "arn:aws:iam::123456789012:group/Developers", true),
            ["IamPolicy/shared/s3"] = new("s3-read", "arn:aws:iam::123456789012:policy/s3-read", true),
        });
        var user = Assert.IsType<DesiredUser>(Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: alice, namespace: team }
            spec:
              groupRefs: [{ name: devs }]
              groupNames: [Legacy]
              permissions:
                policyRefs: [{ name: s3, namespace: shared }]
            """, lookup).Entity);
        Assert.Equal(["Developers", "Legacy"], user.GroupNames);
        Assert.Equal(["arn:aws:iam::123456789012:policy/s3-read"], user.ManagedPolicyArns);
    }

    [Fact]
    public void Missing_or_unready_references_are_reported_as_waiting_not_as_errors()
    {
        var lookup = new DictionaryLookup(new() { ["IamPolicy/team/boundary"] = new("boundary", null, false) });
        var state = Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: alice, namespace: team }
            spec:
              groupRefs: [{ name: devs }]
              permissionsBoundary: { policyRef: { name: boundary } }
            """, lookup);
        Assert.Null(state.Entity);
        Assert.Empty(state.Problems);
        Assert.Equal(2, state.MissingDependencies.Count);
        Assert.Contains(state.MissingDependencies, m => m.StartsWith("IamGroup team/devs (spec.groupRefs[0]) is not declared"));
        Assert.Contains(state.MissingDependencies, m => m.StartsWith("IamPolicy team/boundary (spec.permissionsBoundary.policyRef) is not Ready yet"));
    }

    [Fact]
    public void Malformed_document_is_a_problem_naming_the_field()
    {
        var state = Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: bad, namespace: team }
            spec:
              document: { Version: "2012-10-17", Statement: [{ Effect: Maybe, Action: s3:GetObject, Resource: "*" }] }
            """);
        Assert.Null(state.Entity);
        Assert.StartsWith("spec.document: ", Assert.Single(state.Problems));
    }

    [Fact]
    public void Inline_policies_over_the_user_quota_are_a_problem()
    {
        var resources = string.Join(", ", Enumerable.Range(0, 120).Select(i => $"\"arn:aws:s3:::bucket-number-{i}/*\""));
        var state = Build($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: alice, namespace: team }
            spec:
              permissions:
                inlinePolicies:
                  - name: big
                    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: [{{resources}}] }] }
            """);

        Assert.Contains(state.Problems, p => p.StartsWith("spec.permissions.inlinePolicies: inline policies total")
            && p.EndsWith($"IAM allows {IamPolicySizeLimits.UserInlineTotal} for a user"));
    }

    [Fact]
    public void A_groups_inline_policies_must_leave_room_for_the_operators_ownership_marker()
    {
        var marker = GroupOwnershipMarker.Document("cluster-a/team/devs").Length;
        // Grow one statement's resource list until the group's policies fit IAM's quota but not beside the marker.
        string yaml;
        var count = 0;
        DesiredState state;
        do
        {
            var resources = string.Join(", ", Enumerable.Range(0, ++count).Select(i => $"\"arn:aws:s3:::bucket-number-{i}/*\""));
            yaml = $$"""
                apiVersion: iamoperator.dev/v1alpha1
                kind: IamGroup
                metadata: { name: devs, namespace: team }
                spec:
                  permissions:
                    inlinePolicies:
                      - name: big
                        document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: [{{resources}}] }] }
                """;
            state = Build(yaml);
        }
        while (state.Problems.Count == 0 && count < 1000);

        var size = Policies.PolicyDocument.FromJson(System.Text.Json.JsonDocument.Parse(
            ((IamGroup)Manifests.One(yaml)).Spec.Permissions!.InlinePolicies![0].Document.GetRawText()).RootElement).IamSize;
        Assert.InRange(size, IamPolicySizeLimits.GroupInlineTotal - marker + 1, IamPolicySizeLimits.GroupInlineTotal);
        Assert.Equal($"spec.permissions.inlinePolicies: inline policies total {size} characters (whitespace not counted); IAM allows {IamPolicySizeLimits.GroupInlineTotal} for a group and the operator's ownership marker takes {marker}",
            Assert.Single(state.Problems));
    }

    [Fact]
    public void A_trust_policy_above_IAMs_default_quota_builds_when_the_settings_raise_the_accounts_quota()
    {
        var callers = string.Join(", ", Enumerable.Range(0, 60).Select(i => $"\"arn:aws:iam::111122223333:role/caller-number-{i}\""));
        var role = Manifests.One($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: wide, namespace: team }
            spec:
              trust:
                document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: [{{callers}}] }, Action: sts:AssumeRole }] }
            """);
        var raised = Settings with { Guardrails = GuardrailSettings.Default with { MaxTrustPolicySize = 4096 } };

        var withDefault = DesiredStateBuilder.Build(role, Settings, new DictionaryLookup());
        var withRaised = DesiredStateBuilder.Build(role, raised, new DictionaryLookup());

        Assert.Contains($"IAM allows {IamPolicySizeLimits.TrustPolicyDefault}", Assert.Single(withDefault.Problems));
        Assert.Empty(withRaised.Problems);
        Assert.DoesNotContain(Guardrails.Check(withRaised.Subject!, raised.Guardrails), f => f.Rule == GuardrailRules.PolicySize);
    }

    [Fact]
    public void An_object_that_bypassed_the_CRD_is_refused_with_the_CRDs_own_messages_and_no_entity()
    {
        var user = new IamUser
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "alice", NamespaceProperty = "team" },
            Spec = new IamUserSpec { Path = "//", Tags = new() { [KubernetesApiGroup.OwnerTagKey] = "someone/else/x" } },
        };

        var state = DesiredStateBuilder.Build(user, Settings, new DictionaryLookup());

        Assert.Null(state.Entity);
        Assert.Equal(ResourceValidator.Validate(user).Select(p => p.ToString()), state.Problems);
        Assert.Contains(state.Problems, p => p.StartsWith("spec.path: ") && p.Contains(IamPatterns.IamPath));
        Assert.Contains(state.Problems, p => p.StartsWith("spec.tags: ") && p.Contains($"must not be '{KubernetesApiGroup.OwnerTagKey}'"));
    }

    [Fact]
    public void The_group_ownership_marker_name_is_reserved_for_the_operator()
    {
        var state = Build($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: devs, namespace: team }
            spec:
              permissions:
                inlinePolicies:
                  - name: {{GroupOwnershipMarker.PolicyName}}
                    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }
            """);

        Assert.Equal($"spec.permissions.inlinePolicies[0].name: '{GroupOwnershipMarker.PolicyName}' is reserved for the operator's group ownership marker", Assert.Single(state.Problems));
    }

    [Fact]
    public void Tag_keys_outside_IAMs_character_set_are_refused_here_because_the_CRD_cannot_afford_to_check_them()
    {
        var state = Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: p, namespace: team }
            spec:
              tags: { "cost#center": "42" }
              document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }
            """);

        Assert.StartsWith("spec.tags[cost#center]: ", Assert.Single(state.Problems));
    }

    [Fact]
    public void Guardrail_subject_carries_field_paths_of_arns_and_documents()
    {
        var state = Build("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: r, namespace: team }
            spec:
              trust: { services: [lambda.amazonaws.com] }
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
                inlinePolicies:
                  - name: logs
                    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "logs:*", Resource: "*" }] }
            """);
        var subject = state.Subject!;
        Assert.Equal(("spec.permissions.managedPolicyArns[0]", "arn:aws:iam::aws:policy/ReadOnlyAccess"), subject.ManagedPolicyArns.Single());
        Assert.Equal("spec.permissions.inlinePolicies[0].document", subject.PermissionDocuments.Single().FieldPath);
        Assert.Equal("spec.trust", subject.TrustDocument?.FieldPath);
    }
}
