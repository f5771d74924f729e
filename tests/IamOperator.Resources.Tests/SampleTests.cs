using IamOperator.Resources.Manifests;

namespace IamOperator.Resources.Tests;

public class SampleTests
{
    private static readonly ManifestSet Samples = ManifestLoader.LoadDirectory(RepositoryRoot.Combine("config", "samples"));

    [Fact]
    public void Samples_load_with_no_problems_and_no_notes()
    {
        Assert.Empty(Samples.Problems.Select(p => p.ToString()));
        Assert.Empty(Samples.Notes);
        Assert.All(Samples.Resources, r => Assert.Empty(ResourceValidator.Validate(r)));
    }

    [Fact]
    public void Samples_show_every_kind_and_feature()
    {
        var roles = Samples.Resources.OfType<IamServiceRole>().ToList();
        var users = Samples.Resources.OfType<IamUser>().ToList();
        var groups = Samples.Resources.OfType<IamGroup>().ToList();
        var policies = Samples.Resources.OfType<IamPolicy>().ToList();
        Assert.NotEmpty(policies);
        Assert.Contains(groups, g => g.Spec.Permissions?.PolicyRefs?.Count > 0);
        Assert.Contains(roles, r => r.Spec.Permissions?.PolicyRefs?.Count > 0);
        Assert.Contains(groups.Select(g => g.Spec.Permissions).Concat(roles.Select(r => r.Spec.Permissions)), p => p?.InlinePolicies?.Count > 0);
        Assert.Contains(roles, r => r.Spec.Trust.ServiceAccounts is not null);
        Assert.Contains(roles, r => r.Spec.Trust.Document is not null);
        Assert.Contains(roles, r => r.Spec.PermissionsBoundary?.PolicyArn is not null);
        Assert.Contains(Samples.Resources, r => r.Spec is IamUserSpec { PermissionsBoundary.PolicyRef: not null } or IamServiceRoleSpec { PermissionsBoundary.PolicyRef: not null });
        Assert.Contains(Samples.Resources, r => r.Spec.DeletionPolicy == DeletionPolicy.Retain);
        Assert.Contains(Samples.Resources, r => r.Spec.AdoptionPolicy == AdoptionPolicy.Adopt);
        Assert.Contains(Samples.Resources, r => r.Spec is TaggableEntitySpec { Tags.Count: > 0 });
        Assert.Contains(users, u => u.Spec.GroupNames?.Count > 0);
        Assert.All(Samples.Resources.Where(r => r is not IamAccountPasswordPolicy), r => Assert.Equal("iam-team", r.Metadata.NamespaceProperty));
        // The article's strong password policy: cluster-scoped, 14 characters of every class, 90 days, 24 remembered.
        var passwordPolicy = Assert.Single(Samples.Resources.OfType<IamAccountPasswordPolicy>());
        Assert.Null(passwordPolicy.Metadata.NamespaceProperty);
        Assert.Equal((14, true, true, true, true, 90, 24), (passwordPolicy.Spec.MinimumPasswordLength, passwordPolicy.Spec.RequireSymbols, passwordPolicy.Spec.RequireNumbers,
            passwordPolicy.Spec.RequireUppercaseCharacters, passwordPolicy.Spec.RequireLowercaseCharacters, passwordPolicy.Spec.MaxPasswordAgeDays, passwordPolicy.Spec.PasswordReusePrevention));
    }

    [Fact]
    public void Team_sample_is_exactly_the_articles_team()
    {
        var fromTeamFile = ManifestLoader.LoadText(File.ReadAllText(RepositoryRoot.Combine("config", "samples", "team.yaml")), "team.yaml");
        Assert.Empty(fromTeamFile.Problems);
        Assert.Equal(9, fromTeamFile.Resources.Count);

        var groups = fromTeamFile.Resources.OfType<IamGroup>().ToDictionary(g => g.Spec.IamName!, g => g.Spec.Permissions!.ManagedPolicyArns!);
        Assert.Equal(3, groups.Count);
        Assert.Equal(["arn:aws:iam::aws:policy/PowerUserAccess"], groups["Developers"]);
        Assert.Equal(["arn:aws:iam::aws:policy/AdministratorAccess"], groups["DevOps"]);
        Assert.Equal(["arn:aws:iam::aws:policy/ReadOnlyAccess"], groups["ReadOnly"]);

        var groupByMetadataName = fromTeamFile.Resources.OfType<IamGroup>().ToDictionary(g => g.Metadata.Name, g => g.Spec.IamName);
        var users = fromTeamFile.Resources.OfType<IamUser>()
            .ToDictionary(u => u.Spec.IamName ?? u.Metadata.Name, u => Assert.Single(u.Spec.GroupRefs!).Name);
        Assert.Equal(
            new Dictionary<string, string?> { ["alice.johnson"] = "Developers", ["bob.smith"] = "Developers", ["charlie.ops"] = "DevOps", ["diana.analyst"] = "ReadOnly" },
            users.ToDictionary(u => u.Key, u => groupByMetadataName[u.Value]));

        var roles = fromTeamFile.Resources.OfType<IamServiceRole>().ToDictionary(r => r.Spec.IamName!);
        Assert.Equal(["ec2.amazonaws.com"], roles["EC2-S3-Access-Role"].Spec.Trust.Services);
        Assert.Equal(["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], roles["EC2-S3-Access-Role"].Spec.Permissions!.ManagedPolicyArns);
        Assert.Equal("Service role for ec2.amazonaws.com", roles["EC2-S3-Access-Role"].Spec.Description);
        Assert.Equal(["lambda.amazonaws.com"], roles["Lambda-Basic-Role"].Spec.Trust.Services);
        Assert.Equal(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"], roles["Lambda-Basic-Role"].Spec.Permissions!.ManagedPolicyArns);
        Assert.Equal("Service role for lambda.amazonaws.com", roles["Lambda-Basic-Role"].Spec.Description);
    }
}
