using IamOperator.Operator;
using IamOperator.Resources;
using k8s;

namespace IamOperator.Tests.Operator;

/// <summary>The informers' transform: repeated strings of cached resources become one instance, with every value unchanged.</summary>
public sealed class SharedStringsTests
{
    private const string Json = """
        {"apiVersion":"iam.iamoperator.dev/v1alpha1","kind":"IamUser",
         "metadata":{"name":"NAME","namespace":"team-a","finalizers":["iamoperator.dev/cleanup"],"resourceVersion":"7","generation":1},
         "spec":{"groups":[{"name":"developers"}]},
         "status":{"observedGeneration":1,"lastPlan":"no changes","warnings":["NoMfa: the user has no MFA device"],"conditions":[
           {"type":"Ready","status":"True","reason":"Reconciled","message":"IAM user NAME matches the declaration","lastTransitionTime":"2026-12-07T00:00:00Z"},
           {"type":"Reconciling","status":"False","reason":"Reconciled","message":"IAM user NAME matches the declaration","lastTransitionTime":"2026-12-07T00:00:00Z"},
           {"type":"Stalled","status":"False","reason":"Reconciled","message":"IAM user NAME matches the declaration","lastTransitionTime":"2026-12-07T00:00:00Z"}]}}
        """;

    /// <summary>As a watch event delivers it: every string a fresh instance.</summary>
    private static IamUser Deserialized(string name) => KubernetesJson.Deserialize<IamUser>(Json.Replace("NAME", name, StringComparison.Ordinal));

    [Fact]
    public void Strings_every_cached_resource_repeats_become_one_instance_and_keep_their_values()
    {
        var shared = new SharedStrings();
        var (alice, bob) = (Deserialized("alice"), Deserialized("bob"));
        Assert.NotSame(alice.Metadata.NamespaceProperty, bob.Metadata.NamespaceProperty);

        shared.Share(alice);
        shared.Share(bob);

        Assert.Same(alice.ApiVersion, bob.ApiVersion);
        Assert.Same(alice.Kind, bob.Kind);
        Assert.Same(alice.Metadata.NamespaceProperty, bob.Metadata.NamespaceProperty);
        Assert.Same(alice.Metadata.Finalizers[0], bob.Metadata.Finalizers[0]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Same(alice.Status!.Conditions![i].Type, bob.Status!.Conditions![i].Type);
            Assert.Same(alice.Status.Conditions[i].Status, bob.Status.Conditions[i].Status);
            Assert.Same(alice.Status.Conditions[i].Reason, bob.Status.Conditions[i].Reason);
        }

        Assert.Same(alice.Status!.LastPlan, bob.Status!.LastPlan);
        Assert.Same(alice.Status.Warnings![0], bob.Status.Warnings![0]);

        // Each resource's three conditions carry its one message; messages are not pooled across resources.
        Assert.Same(alice.Status!.Conditions![0].Message, alice.Status.Conditions[2].Message);
        Assert.Equal("IAM user bob matches the declaration", bob.Status!.Conditions![1].Message);
        Assert.Equal(KubernetesJson.Serialize(Deserialized("alice")), KubernetesJson.Serialize(alice));
        Assert.Equal(KubernetesJson.Serialize(Deserialized("bob")), KubernetesJson.Serialize(bob));
    }

    [Fact]
    public void The_pool_stops_growing_at_its_bound_and_later_values_stay_as_they_are()
    {
        var shared = new SharedStrings();
        for (var i = 0; i < SharedStrings.MaxPooled + 100; i++)
        {
            var user = Deserialized("u");
            user.Metadata.NamespaceProperty = $"namespace-{i}";
            user.Status!.Conditions![0].Reason = $"HandWritten{i}";
            shared.Share(user);
            Assert.Equal($"namespace-{i}", user.Metadata.NamespaceProperty);
            Assert.Equal($"HandWritten{i}", user.Status.Conditions[0].Reason);
        }

        Assert.Equal(SharedStrings.MaxPooled, shared.Count);
    }
}
