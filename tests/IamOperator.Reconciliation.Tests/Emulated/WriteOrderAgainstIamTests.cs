using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>The write order against the emulator, which answers LimitExceeded at 50 tags as IAM does.</summary>
public class WriteOrderAgainstIamTests
{
    private static string User(string tags, string extra = "") => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          iamName: alice
          requireMfa: false
          tags: { {{tags}} }
        {{extra}}
        """;

    private static string Tags(IEnumerable<int> keys) => string.Join(", ", keys.Select(k => $"k{k}: v"));

    [Fact]
    public async Task A_user_at_the_tag_limit_whose_spec_replaces_one_tag_key_converges()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var full = Manifests.One(User(Tags(Enumerable.Range(0, 49))));
        Assert.True((await iam.ApplyAsync(full)).IsReady);

        var replaced = Manifests.One(User(Tags(Enumerable.Range(1, 49))));
        replaced.Status = full.Status;
        var outcome = await iam.ApplyAsync(replaced);

        Assert.True(outcome.IsReady, outcome.Message);
        var tags = await iam.Iam.ListTagsAsync(IamTaggable.User("alice"), default);
        Assert.Equal(50, tags.Count);
        Assert.DoesNotContain(tags, t => t.Key == "k0");
        Assert.Contains(tags, t => t.Key == "k49");
    }

    [Fact]
    public async Task Adopting_and_renaming_a_user_writes_the_claim_under_its_old_name_before_UpdateUser()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateUserAsync(new CreateUserRequest("alice"), default);
        var resource = Manifests.One(User("team: dev", "  adoptionPolicy: Adopt").Replace("iamName: alice", "iamName: alice.johnson"));
        resource.Status = new IamResourceStatus { IamName = "alice" };
        var writesBefore = iam.Server.Statistics.WriteCalls;

        var outcome = await iam.ApplyAsync(resource);

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(["TagUser", "UpdateUser"], outcome.Plan!.Actions.Take(2).Select(a => a.Operation.ToString()));
        Assert.Equal("alice", outcome.Plan.Actions[0].Target);
        Assert.Equal(writesBefore + outcome.Plan.Actions.Count, iam.Server.Statistics.WriteCalls);
        Assert.Contains(new IamTag(KubernetesApiGroup.OwnerTagKey, "cluster-a/team/alice"), await iam.Iam.ListTagsAsync(IamTaggable.User("alice.johnson"), default));
    }
}
