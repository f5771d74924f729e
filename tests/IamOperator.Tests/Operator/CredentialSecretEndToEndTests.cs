using System.Text;
using IamOperator.Iam;
using IamOperator.Resources;
using k8s.Models;

namespace IamOperator.Tests.Operator;

/// <summary>In a cluster the running operator writes an IamUser's credentials to the Secret the user owns.</summary>
public sealed class CredentialSecretEndToEndTests
{
    [Fact]
    public async Task An_IamUser_with_an_access_key_gets_an_owned_Secret_whose_key_signs_in_as_that_user_and_status_names_only_the_key_id()
    {
        var ns = $"creds-{Guid.NewGuid():N}"[..24];
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(new IamUser
        {
            Metadata = new V1ObjectMeta { Name = "ci-deployer", NamespaceProperty = ns },
            Spec = new IamUserSpec { RequireMfa = false, AccessKey = new AccessKeySpec { SecretRef = new CredentialSecretName { Name = "ci-deployer-aws" } } },
        });

        await OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<IamUser>(ns, "ci-deployer")), "the IamUser is Ready");

        var user = (await op.GetAsync<IamUser>(ns, "ci-deployer"))!;
        var secret = await op.Kubernetes.GetSecretAsync(ns, "ci-deployer-aws", default);
        Assert.NotNull(secret);
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal((user.Kind, user.Metadata.Uid, true), (owner.Kind, owner.Uid, owner.Controller == true));
        var keyId = Encoding.UTF8.GetString(secret.Data["AWS_ACCESS_KEY_ID"]);
        var secretKey = Encoding.UTF8.GetString(secret.Data["AWS_SECRET_ACCESS_KEY"]);
        // The article's step "verify it works": the key in the Secret authenticates as this user.
        var caller = await op.Iam.GetCallerIdentityAsync(new StaticIamCredentials(keyId, secretKey), default);
        Assert.EndsWith(":user/ci-deployer", caller.Arn, StringComparison.Ordinal);
        Assert.Equal(keyId, user.Status?.AccessKey?.AccessKeyId);
        Assert.Equal("ci-deployer-aws", user.Status?.AccessKey?.SecretName);
        Assert.DoesNotContain(secretKey, k8s.KubernetesJson.Serialize(user), StringComparison.Ordinal);
    }
}
