using System.Text.Json.Nodes;

namespace IamOperator.Deploy.Tests;

/// <summary>The operator's own Kubernetes permissions: what it needs, nothing more.</summary>
public sealed class ChartRbacTests
{
    private static readonly string[] SecretVerbs = ["create", "delete", "get", "list", "update", "watch"];
    private static readonly string[] Kinds = ["iamgroups", "iamusers", "iamserviceroles", "iampolicies", "iamaccountpasswordpolicies"];
    private static readonly string[] NamespacedKinds = ["iamgroups", "iamusers", "iamserviceroles", "iampolicies"];
    private const string ClusterScopedKind = "iamaccountpasswordpolicies";

    private sealed record Rule(string[] ApiGroups, string[] Resources, string[] Verbs, string[] ResourceNames);

    private static IReadOnlyList<Rule> Rules(JsonObject role) =>
        role["rules"]!.AsArray().Select(r => new Rule(
            Strings(r!["apiGroups"]), Strings(r["resources"]), Strings(r["verbs"]), Strings(r["resourceNames"]))).ToList();

    private static string[] Strings(JsonNode? node) =>
        node?.AsArray().Select(n => (string)n!).ToArray() ?? [];

    private static HashSet<string> VerbsOn(IEnumerable<Rule> rules, string apiGroup, string resource) =>
        rules.Where(r => r.ApiGroups.Contains(apiGroup) && r.Resources.Contains(resource)).SelectMany(r => r.Verbs).ToHashSet();

    [DeployToolsFact]
    public async Task Operator_ClusterRole_grants_exactly_watch_finalizers_and_status_on_the_four_kinds_event_creation_and_its_Secrets()
    {
        var rendered = await HelmChart.TemplateAsync();
        var rules = Rules(rendered.Single("ClusterRole", "iam-iam-operator"));

        foreach (var kind in Kinds)
        {
            Assert.Equal(["get", "list", "patch", "update", "watch"], VerbsOn(rules, "iamoperator.dev", kind).Order());
            Assert.Equal(["get", "patch", "update"], VerbsOn(rules, "iamoperator.dev", $"{kind}/status").Order());
            Assert.Equal(["update"], VerbsOn(rules, "iamoperator.dev", $"{kind}/finalizers").Order());
        }
        Assert.Empty(VerbsOn(rules, "", "events"));
        Assert.Equal(["create"], VerbsOn(rules, "events.k8s.io", "events").Order());
        Assert.Equal(SecretVerbs, VerbsOn(rules, "", "secrets").Order());
        var granted = rules.SelectMany(r => r.Resources).ToHashSet();
        Assert.Subset(Kinds.SelectMany(k => new[] { k, $"{k}/status", $"{k}/finalizers" }).Append("events").Append("secrets").ToHashSet(), granted);
    }

    [DeployToolsTheory]
    [InlineData("")]
    [InlineData("watchNamespaces={team-a,team-b}")]
    public async Task No_rendered_role_uses_wildcards_and_only_the_operators_own_role_reaches_secrets_without_patch(string setting)
    {
        var rendered = await HelmChart.TemplateAsync(setting.Length == 0 ? [] : [setting]);
        var roles = rendered.OfKind("ClusterRole").Concat(rendered.OfKind("Role")).ToList();

        Assert.NotEmpty(roles);
        foreach (var role in roles)
        {
            var name = (string)role["metadata"]!["name"]!;
            foreach (var rule in Rules(role))
            {
                Assert.DoesNotContain("*", rule.ApiGroups.Concat(rule.Resources).Concat(rule.Verbs));
                if (rule.Resources.Contains("secrets"))
                {
                    Assert.Equal("iam-iam-operator", name);
                    Assert.Equal(SecretVerbs, rule.Verbs.Order());
                    Assert.Empty(rule.ResourceNames);
                }
            }
        }
    }

    [DeployToolsFact]
    public async Task Operator_cannot_create_or_delete_the_resources_it_reconciles()
    {
        var rendered = await HelmChart.TemplateAsync();
        var rules = Rules(rendered.Single("ClusterRole", "iam-iam-operator"));

        foreach (var kind in Kinds)
        {
            Assert.DoesNotContain("create", VerbsOn(rules, "iamoperator.dev", kind));
            Assert.DoesNotContain("delete", VerbsOn(rules, "iamoperator.dev", kind));
        }
    }

    [DeployToolsFact]
    public async Task Leases_are_granted_only_in_the_lease_namespace_and_only_for_its_own_lease_beyond_create()
    {
        var rendered = await HelmChart.TemplateAsync();
        var role = rendered.Single("Role", "iam-iam-operator-leader-election");
        var rules = Rules(role);

        Assert.Equal(HelmChart.Namespace, (string?)role["metadata"]!["namespace"]);
        Assert.All(rules, r => Assert.Equal(["coordination.k8s.io"], r.ApiGroups));
        Assert.Equal(["create"], Assert.Single(rules, r => r.ResourceNames.Length == 0).Verbs);
        var named = Assert.Single(rules, r => r.ResourceNames.Length > 0);
        Assert.Equal(["iam-operator"], named.ResourceNames);
        Assert.Equal(["get", "update"], named.Verbs.Order());
        Assert.DoesNotContain(rendered.Single("ClusterRole", "iam-iam-operator")["rules"]!.AsArray(), r => r!.ToJsonString().Contains("leases"));
    }

    [DeployToolsFact]
    public async Task Bindings_name_the_operators_service_account()
    {
        var rendered = await HelmChart.TemplateAsync();
        var bindings = rendered.OfKind("ClusterRoleBinding").Concat(rendered.OfKind("RoleBinding")).ToList();

        Assert.Equal(2, bindings.Count);
        foreach (var binding in bindings)
        {
            var subject = Assert.Single(binding["subjects"]!.AsArray())!;
            Assert.Equal("ServiceAccount", (string?)subject["kind"]);
            Assert.Equal("iam-iam-operator", (string?)subject["name"]);
            Assert.Equal(HelmChart.Namespace, (string?)subject["namespace"]);
        }
    }

    [DeployToolsFact]
    public async Task Watching_listed_namespaces_grants_Roles_there_and_cluster_wide_access_only_to_the_cluster_scoped_kind()
    {
        var rendered = await HelmChart.TemplateAsync("watchNamespaces={team-a,team-b}");

        Assert.DoesNotContain(rendered.OfKind("ClusterRole"), r => (string?)r["metadata"]!["name"] == "iam-iam-operator");
        // IamAccountPasswordPolicy is in no namespace: only a ClusterRole can grant it, and this one grants nothing else.
        var binding = Assert.Single(rendered.OfKind("ClusterRoleBinding"));
        Assert.Equal("iam-iam-operator-cluster-scoped", (string?)binding["roleRef"]!["name"]);
        var clusterRules = Rules(rendered.Single("ClusterRole", "iam-iam-operator-cluster-scoped"));
        Assert.Equal(["get", "list", "patch", "update", "watch"], VerbsOn(clusterRules, "iamoperator.dev", ClusterScopedKind).Order());
        Assert.Equal(["get", "patch", "update"], VerbsOn(clusterRules, "iamoperator.dev", $"{ClusterScopedKind}/status").Order());
        Assert.Equal(["update"], VerbsOn(clusterRules, "iamoperator.dev", $"{ClusterScopedKind}/finalizers").Order());
        Assert.Equal(
            [ClusterScopedKind, $"{ClusterScopedKind}/finalizers", $"{ClusterScopedKind}/status"],
            clusterRules.SelectMany(r => r.Resources).Order());
        var roles = rendered.OfKind("Role").Where(r => (string?)r["metadata"]!["name"] == "iam-iam-operator").ToList();
        Assert.Equal(["team-a", "team-b"], roles.Select(r => (string)r["metadata"]!["namespace"]!).Order());
        foreach (var role in roles)
        {
            var rules = Rules(role);
            Assert.All(NamespacedKinds, kind => Assert.Equal(["get", "list", "patch", "update", "watch"], VerbsOn(rules, "iamoperator.dev", kind).Order()));
            Assert.DoesNotContain(rules.SelectMany(r => r.Resources), r => r.StartsWith(ClusterScopedKind, StringComparison.Ordinal));
        }
        Assert.Equal(2, rendered.OfKind("RoleBinding").Count(b => (string?)b["metadata"]!["name"] == "iam-iam-operator"));
        var environment = rendered.OperatorEnvironment;
        Assert.Equal("team-a", environment["IAMOPERATOR__Controller__Namespaces__0"]);
        Assert.Equal("team-b", environment["IAMOPERATOR__Controller__Namespaces__1"]);
    }

    [DeployToolsFact]
    public async Task Watching_listed_namespaces_grants_Secrets_in_exactly_those_namespaces_and_Events_also_in_default_for_the_cluster_scoped_kind()
    {
        var rendered = await HelmChart.TemplateAsync("watchNamespaces={team-a,team-b}");

        var secretsGrantedIn = rendered.OfKind("Role")
            .Where(r => VerbsOn(Rules(r), "", "secrets").Count > 0)
            .Select(r => (string)r["metadata"]!["namespace"]!).Order();
        var eventsGrantedIn = rendered.OfKind("Role")
            .Where(r => VerbsOn(Rules(r), "events.k8s.io", "events").Count > 0)
            .Select(r => (string)r["metadata"]!["namespace"]!).Order();
        Assert.Equal(["team-a", "team-b"], secretsGrantedIn);
        // Events about a cluster-scoped object go to "default", as client-go's recorders put them.
        Assert.Equal(["default", "team-a", "team-b"], eventsGrantedIn);
        Assert.Equal(["create"], VerbsOn(Rules(rendered.Single("Role", "iam-iam-operator-cluster-scoped-events")), "events.k8s.io", "events").Order());
        Assert.Single(Rules(rendered.Single("Role", "iam-iam-operator-cluster-scoped-events")));
        Assert.All(rendered.OfKind("ClusterRole"), r => Assert.Empty(VerbsOn(Rules(r), "", "secrets")));
        foreach (var role in rendered.OfKind("Role").Where(r => (string?)r["metadata"]!["name"] == "iam-iam-operator"))
        {
            Assert.Equal(SecretVerbs, VerbsOn(Rules(role), "", "secrets").Order());
        }
        foreach (var binding in rendered.OfKind("RoleBinding").Where(b => (string?)b["metadata"]!["name"] == "iam-iam-operator"))
        {
            Assert.Equal("iam-iam-operator", (string?)binding["roleRef"]!["name"]);
            Assert.Equal("Role", (string?)binding["roleRef"]!["kind"]);
        }
    }

    [DeployToolsFact]
    public async Task Watching_default_among_listed_namespaces_needs_no_extra_Role_for_the_cluster_scoped_kinds_Events()
    {
        var rendered = await HelmChart.TemplateAsync("watchNamespaces={default,team-a}");

        Assert.DoesNotContain(rendered.OfKind("Role"), r => (string?)r["metadata"]!["name"] == "iam-iam-operator-cluster-scoped-events");
        Assert.Equal(["default", "team-a"], rendered.OfKind("Role")
            .Where(r => VerbsOn(Rules(r), "events.k8s.io", "events").Count > 0)
            .Select(r => (string)r["metadata"]!["namespace"]!).Order());
    }

    [DeployToolsFact]
    public async Task The_former_controller_namespaces_value_fails_naming_watchNamespaces()
    {
        var result = await HelmChart.TryTemplateAsync(["controller.namespaces={team-a}"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("controller.namespaces is now watchNamespaces", result.StandardError);
    }

    [DeployToolsFact]
    public async Task View_role_aggregates_read_access_into_view_edit_and_admin()
    {
        var rendered = await HelmChart.TemplateAsync();
        var view = rendered.Single("ClusterRole", "iam-iam-operator-view");
        var labels = view["metadata"]!["labels"]!;
        var rules = Rules(view);

        foreach (var aggregate in new[] { "view", "edit", "admin" })
        {
            Assert.Equal("true", (string?)labels[$"rbac.authorization.k8s.io/aggregate-to-{aggregate}"]);
        }
        foreach (var kind in Kinds)
        {
            Assert.Equal(["get", "list", "watch"], VerbsOn(rules, "iamoperator.dev", kind).Order());
        }
    }

    [DeployToolsFact]
    public async Task Edit_role_aggregates_writes_into_edit_and_admin_but_not_view_and_never_status()
    {
        var rendered = await HelmChart.TemplateAsync();
        var edit = rendered.Single("ClusterRole", "iam-iam-operator-edit");
        var labels = edit["metadata"]!["labels"]!;
        var rules = Rules(edit);

        Assert.Null(labels["rbac.authorization.k8s.io/aggregate-to-view"]);
        Assert.Equal("true", (string?)labels["rbac.authorization.k8s.io/aggregate-to-edit"]);
        Assert.Equal("true", (string?)labels["rbac.authorization.k8s.io/aggregate-to-admin"]);
        foreach (var kind in Kinds)
        {
            Assert.Equal(["create", "delete", "deletecollection", "patch", "update"], VerbsOn(rules, "iamoperator.dev", kind).Order());
            Assert.Empty(VerbsOn(rules, "iamoperator.dev", $"{kind}/status"));
        }
    }

    [DeployToolsFact]
    public async Task Aggregated_roles_can_be_turned_off()
    {
        var rendered = await HelmChart.TemplateAsync("rbac.aggregateToDefaultRoles=false");

        Assert.DoesNotContain(rendered.OfKind("ClusterRole"), r => ((string)r["metadata"]!["name"]!).EndsWith("-view") || ((string)r["metadata"]!["name"]!).EndsWith("-edit"));
    }
}
