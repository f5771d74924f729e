using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Tests.Desired;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>How folder mode finds what a resource made under an earlier spec.iamName: by IAM's owner marks.</summary>
public class OwnedNamesTests
{
    [Fact]
    public async Task The_account_snapshot_names_the_user_group_and_role_each_owner_marks()
    {
        await using var iam = await EmulatedIam.StartAsync();
        foreach (var yaml in new[]
        {
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamGroup\nmetadata: { name: devs, namespace: team }\nspec: { iamName: Developers }",
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamUser\nmetadata: { name: alice, namespace: team }\nspec: { iamName: alice.johnson, requireMfa: false }",
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamServiceRole\nmetadata: { name: reader, namespace: team }\nspec: { iamName: Reader, trust: { services: [lambda.amazonaws.com] } }",
        })
        {
            Assert.True((await iam.ApplyAsync(Manifests.One(yaml))).IsReady);
        }

        await iam.Iam.CreateUserAsync(new CreateUserRequest("unmarked"), default);

        var snapshot = new Observed.AccountSnapshot(await iam.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, default));

        Assert.Equal(["Developers"], snapshot.NamesOwnedBy(IamEntityKind.Group, "cluster-a/team/devs"));
        Assert.Equal(["alice.johnson"], snapshot.NamesOwnedBy(IamEntityKind.User, "cluster-a/team/alice"));
        Assert.Equal(["Reader"], snapshot.NamesOwnedBy(IamEntityKind.Role, "cluster-a/team/reader"));
        Assert.Empty(snapshot.NamesOwnedBy(IamEntityKind.User, "cluster-b/team/alice"));
    }
}
