using System.Text.Json;

namespace IamOperator.Deploy.Tests;

/// <summary>
/// What can be checked of the image without a Docker engine. That the published application
/// starts, answers --help and serves /healthz is left to a run of the published app (see docs/install.md).
/// </summary>
public sealed class DockerfileTests
{
    [Fact]
    public void Image_is_built_in_an_SDK_stage_and_runs_from_a_separate_runtime_stage()
    {
        Assert.Equal(["build", "runtime"], Dockerfile.Stages);
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:", Dockerfile.In("build").First().Arguments);
        var runtimeBase = Dockerfile.In("runtime").First().Arguments;
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:", runtimeBase);
        Assert.DoesNotContain("sdk", runtimeBase);
        Assert.Contains("chiseled", runtimeBase);
    }

    [Fact]
    public void The_image_is_published_precompiled_for_its_target_architecture_and_keeps_that_code()
    {
        // Restore and publish name the target's architecture, so the project's ReadyToRun applies (docs/benchmarks.md, memory).
        var runs = Dockerfile.In("build").Where(i => i.Keyword == "RUN").Select(i => i.Arguments).ToList();
        Assert.Contains(runs, r => r.StartsWith("dotnet restore", StringComparison.Ordinal) && r.Contains("-a $TARGETARCH", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.StartsWith("dotnet publish", StringComparison.Ordinal) && r.Contains("-a $TARGETARCH", StringComparison.Ordinal)
            && r.Contains("--no-self-contained", StringComparison.Ordinal));
        Assert.Contains(Dockerfile.In("build"), i => i.Keyword == "ARG" && i.Arguments == "TARGETARCH");
        var project = RepositoryRoot.ReadText("src", "IamOperator", "IamOperator.csproj");
        Assert.Contains("<PublishReadyToRun Condition=\"'$(RuntimeIdentifier)' != ''\">true</PublishReadyToRun>", project);
        Assert.Contains("<TieredCompilation Condition=\"'$(RuntimeIdentifier)' != ''\">false</TieredCompilation>", project);
    }

    [Fact]
    public void Runtime_stage_copies_only_the_published_output_from_the_build_stage()
    {
        var copies = Dockerfile.In("runtime").Where(i => i.Keyword == "COPY").ToList();

        Assert.Equal("--from=build /app ./", Assert.Single(copies).Arguments);
        Assert.Contains(Dockerfile.In("build"), i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish src/IamOperator/IamOperator.csproj") && i.Arguments.Contains("--output /app"));
    }

    [Fact]
    public void Runtime_runs_as_a_numeric_non_root_user_matching_the_chart()
    {
        var user = Assert.Single(Dockerfile.In("runtime"), i => i.Keyword == "USER").Arguments;
        var uid = int.Parse(user.Split(':')[0]);

        Assert.NotEqual(0, uid);
        var values = YamlDocuments.Parse(RepositoryRoot.ReadText("charts", "iam-operator", "values.yaml"))[0];
        Assert.Equal(uid, (int)values["podSecurityContext"]!["runAsUser"]!);
    }

    [Fact]
    public void Entrypoint_is_the_iam_operator_executable_in_exec_form_and_defaults_to_run()
    {
        var entrypoint = Assert.Single(Dockerfile.In("runtime"), i => i.Keyword == "ENTRYPOINT").Arguments;
        var command = Assert.Single(Dockerfile.In("runtime"), i => i.Keyword == "CMD").Arguments;

        Assert.Equal(["/app/iam-operator"], JsonSerializer.Deserialize<string[]>(entrypoint)!);
        Assert.Equal(["run"], JsonSerializer.Deserialize<string[]>(command)!);
        Assert.Contains("<AssemblyName>iam-operator</AssemblyName>", RepositoryRoot.ReadText("src", "IamOperator", "IamOperator.csproj"));
    }

    [Fact]
    public void Restore_layer_copies_every_source_project_file()
    {
        var copied = Dockerfile.In("build").Where(i => i.Keyword == "COPY").Select(i => i.Arguments.Split(' ')[0]).ToHashSet();
        var projects = Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryRoot.Path, p).Replace('\\', '/'));

        Assert.All(projects, project => Assert.Contains(project, copied));
    }

    [Fact]
    public void Health_port_is_exposed_as_the_chart_expects()
    {
        var values = YamlDocuments.Parse(RepositoryRoot.ReadText("charts", "iam-operator", "values.yaml"))[0];

        Assert.Equal($"{(int)values["healthPort"]!}", Assert.Single(Dockerfile.In("runtime"), i => i.Keyword == "EXPOSE").Arguments);
    }

    [Fact]
    public void Build_context_excludes_build_outputs_tools_and_git()
    {
        var ignored = RepositoryRoot.ReadText(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/", ".tools/" }, ignored);
    }
}
