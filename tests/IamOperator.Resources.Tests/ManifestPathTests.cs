using System.Net.Sockets;
using CsCheck;
using System.Text;
using IamOperator.Resources.Manifests;

namespace IamOperator.Resources.Tests;

/// <summary>
/// What <c>-f</c> reads, as kubectl reads it (a file, a folder, <c>-R</c>, several paths, <c>-</c>), and
/// how a path that cannot be read is one problem of that path while every other path still loads.
/// </summary>
public sealed class ManifestPathTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("iamoperator-paths-").FullName;
    private readonly string folder;

    public ManifestPathTests() => folder = Directory.CreateDirectory(Path.Combine(root, "manifests")).FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Group(string name) => $"apiVersion: iamoperator.dev/v1alpha1\nkind: IamGroup\nmetadata: {{name: {name}}}\n";

    private string Write(string relative, string text, string? under = null)
    {
        var path = Path.Combine(under ?? folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private void Link(string relative, string target) => File.CreateSymbolicLink(Path.Combine(folder, relative), target);

    private static string[] Names(ManifestSet set) => set.Resources.Select(r => r.Metadata.Name).ToArray();

    private static string ProblemOf(ManifestSet set, string sourceEnding) =>
        Assert.Single(set.Problems, p => p.Source.EndsWith(sourceEnding, StringComparison.Ordinal)).ToString();

    [Fact]
    public void A_file_is_read_whatever_its_extension_as_kubectl_reads_a_file_named_explicitly()
    {
        var file = Write("team.txt", Group("a"));
        var set = ManifestLoader.Load([file], recursive: false);
        Assert.Equal(["a"], Names(set));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void A_folder_is_read_without_its_subfolders_unless_recursive()
    {
        Write("a.yaml", Group("a"));
        Write("sub/b.yaml", Group("b"));
        Assert.Equal(["a"], Names(ManifestLoader.Load([folder], recursive: false)));
        Assert.Equal(["a", "b"], Names(ManifestLoader.Load([folder], recursive: true)));
    }

    [Fact]
    public void A_folder_without_manifests_is_a_problem_as_kubectl_refuses_it()
    {
        Write("sub/b.yaml", Group("b"));
        Write("notes.md", "# not a manifest");
        var flat = ManifestLoader.Load([folder], recursive: false);
        Assert.Empty(flat.Resources);
        Assert.EndsWith("manifests: no *.yaml, *.yml or *.json file in this folder (its subfolders are read with -R)", Assert.Single(flat.Problems).ToString());
        Assert.Equal(["b"], Names(ManifestLoader.Load([folder], recursive: true)));
    }

    [Fact]
    public void A_URL_is_a_problem_and_is_not_fetched()
    {
        var set = ManifestLoader.Load(["https://example.com/team.yaml"], recursive: false);
        Assert.Equal("https://example.com/team.yaml: manifests are not read from URLs: download the file and name it with -f", Assert.Single(set.Problems).ToString());
    }

    [Fact]
    public void Several_paths_are_read_in_the_order_given()
    {
        var second = Write("second.yaml", Group("second"));
        var first = Write("first.yml", Group("first"));
        Assert.Equal(["second", "first"], Names(ManifestLoader.Load([second, first], recursive: false)));
    }

    [Fact]
    public async Task A_named_pipe_is_read_as_for_f_with_process_substitution()
    {
        // kubectl apply -f <(kustomize build) names a pipe such as /dev/fd/63.
        var pipe = Path.Combine(folder, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
        }
        var writer = Task.Run(() => File.WriteAllText(pipe, Group("piped")));

        var set = ManifestLoader.Load([pipe], recursive: false);

        await writer;
        Assert.Equal(["piped"], Names(set));
    }

    [Fact]
    public void Standard_input_is_read_for_a_dash_and_named_STDIN_in_problems()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Group("piped") + "---\nkind: IamGroup\n"));
        var set = ManifestLoader.Load([ManifestLoader.StandardInputPath], recursive: false, input);
        Assert.Equal(["piped"], Names(set));
        Assert.StartsWith("STDIN:5 (document 2)", Assert.Single(set.Problems).ToString());
    }

    [Fact]
    public void Standard_input_named_twice_is_a_problem_as_in_kubectl_and_is_read_once()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Group("piped")));
        var set = ManifestLoader.Load(["-", "-"], recursive: false, input);
        Assert.Equal(["piped"], Names(set));
        Assert.Equal("STDIN: standard input cannot be used for multiple arguments", Assert.Single(set.Problems).ToString());
    }

    [Fact]
    public void A_UTF16_file_with_a_byte_order_mark_is_read_as_kubectl_reads_it()
    {
        var path = Path.Combine(folder, "utf16.yaml");
        File.WriteAllText(path, Group("wide"), Encoding.Unicode);
        Assert.Equal(["wide"], Names(ManifestLoader.Load([folder], recursive: false)));
    }

    [Fact]
    public void A_path_that_does_not_exist_is_a_problem_of_that_path_and_the_others_still_load()
    {
        Write("a.yaml", Group("a"));
        var missing = Path.Combine(root, "missing.yaml");
        var set = ManifestLoader.Load([missing, folder], recursive: false);
        Assert.Equal(["a"], Names(set));
        Assert.Equal($"{missing}: the path does not exist", Assert.Single(set.Problems).ToString());
    }

    [Fact]
    public void Hidden_files_editor_lock_files_and_backups_are_skipped_even_when_their_links_dangle()
    {
        Write("a.yaml", Group("a"));
        Link(".#a.yaml", "user@host.4711:1700000000"); // how Emacs marks a file being edited
        Write("a.yaml~", "not: [a manifest");
        Write("#a.yaml#", "not: [a manifest");
        Write(".a.yaml.swp", "not: [a manifest");
        Write(".hidden.yaml", Group("hidden"));
        Write(".git/config.yaml", Group("git"));
        Write("README.md", "not: [a manifest");

        var set = ManifestLoader.Load([folder], recursive: true);

        Assert.Equal(["a"], Names(set));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void A_dangling_symbolic_link_is_a_problem_of_that_path_and_the_others_still_load()
    {
        Write("a.yaml", Group("a"));
        Link("b.yaml", "gone.yaml");
        Write("c.yaml", Group("c"));

        var set = ManifestLoader.Load([folder], recursive: false);

        Assert.Equal(["a", "c"], Names(set));
        Assert.EndsWith("manifests/b.yaml: symbolic link to \"gone.yaml\", which does not exist", ProblemOf(set, "b.yaml"));
    }

    [Fact]
    public void A_dangling_symbolic_link_named_on_the_command_line_says_so()
    {
        Link("b.yaml", "gone.yaml");
        var set = ManifestLoader.Load([Path.Combine(folder, "b.yaml")], recursive: false);
        Assert.EndsWith("b.yaml: symbolic link to \"gone.yaml\", which does not exist", Assert.Single(set.Problems).ToString());
    }

    [Fact]
    public void A_symbolic_link_inside_the_folder_is_followed()
    {
        Write("real/a.yaml", Group("a"));
        Link("alias.yaml", "real/a.yaml");
        Assert.Equal(["a"], Names(ManifestLoader.Load([folder], recursive: false)));
    }

    [Fact]
    public void A_loop_of_file_links_is_one_problem_per_link_found_without_following_it_forever()
    {
        Write("a.yaml", Group("a"));
        Link("x.yaml", "y.yaml");
        Link("y.yaml", "x.yaml");

        var set = ManifestLoader.Load([folder], recursive: false);

        Assert.Equal(["a"], Names(set));
        Assert.Contains("a loop of symbolic links", ProblemOf(set, "x.yaml"));
        Assert.Contains("a loop of symbolic links", ProblemOf(set, "y.yaml"));
    }

    [Fact]
    public void A_loop_of_links_named_on_the_command_line_is_one_problem_line()
    {
        Link("x.yaml", "y.yaml");
        Link("y.yaml", "x.yaml");
        var problem = Assert.Single(ManifestLoader.Load([Path.Combine(folder, "x.yaml")], recursive: false).Problems).ToString();
        Assert.Matches(@"x\.yaml: cannot be read: [^\n]+$", problem);
    }

    [Fact]
    public void A_folder_link_back_to_an_ancestor_is_detected_once_when_recursive()
    {
        Write("sub/a.yaml", Group("a"));
        File.CreateSymbolicLink(Path.Combine(folder, "sub", "back"), "..");

        var set = ManifestLoader.Load([folder], recursive: true);

        Assert.Equal(["a"], Names(set));
        Assert.EndsWith("sub/back: symbolic link to \"..\", a folder already read (a loop, or a second route to it): not read again", ProblemOf(set, "back"));
    }

    [Fact]
    public void A_symbolic_link_to_a_file_outside_the_folder_is_not_read()
    {
        Write("secret.yaml", "aws_secret_access_key: wJalrXUtnFEMI", under: root);
        Link("steal.yaml", "../secret.yaml");
        Write("a.yaml", Group("a"));

        var set = ManifestLoader.Load([folder], recursive: false);

        Assert.Equal(["a"], Names(set));
        var problem = ProblemOf(set, "steal.yaml");
        Assert.Contains("outside the folder", problem);
        Assert.DoesNotContain("wJalrXUtnFEMI", string.Join('\n', set.Problems.Select(p => p.ToString()).Concat(set.Notes)));
    }

    [Fact]
    public void A_link_that_only_looks_inside_the_folder_through_another_link_is_not_read()
    {
        // "out/inner/../../secret.yaml" is lexically inside the folder, but "out" leads outside it.
        Write("elsewhere/inner/x.txt", "", under: root);
        Write("secret.yaml", "aws_secret_access_key: wJalrXUtnFEMI", under: root);
        Link("out", Path.Combine(root, "elsewhere"));
        Link("steal.yaml", "out/inner/../../secret.yaml");

        var set = ManifestLoader.Load([folder], recursive: false);

        Assert.Contains("outside the folder", ProblemOf(set, "steal.yaml"));
    }

    [Fact]
    public void A_file_larger_than_the_file_limit_is_a_problem_without_being_read()
    {
        var big = Path.Combine(folder, "big.yaml");
        using (var stream = File.Create(big))
        {
            stream.SetLength(ManifestLimits.MaxFileBytes + 1);
        }
        Write("a.yaml", Group("a"));

        var set = ManifestLoader.Load([folder], recursive: false);

        Assert.Equal(["a"], Names(set));
        Assert.EndsWith("big.yaml: 33,554,433 bytes: a file may hold at most 32 MiB of manifests; split it", ProblemOf(set, "big.yaml"));
    }

    [Fact]
    public void Standard_input_longer_than_the_file_limit_is_a_problem_after_reading_no_more_than_the_limit()
    {
        using var endless = new EndlessStream();
        var set = ManifestLoader.Load(["-"], recursive: false, endless);
        Assert.Equal("STDIN: more than 32 MiB: a file may hold at most 32 MiB of manifests; split it", Assert.Single(set.Problems).ToString());
        Assert.InRange(endless.BytesRead, ManifestLimits.MaxFileBytes, ManifestLimits.MaxFileBytes + 81920);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_one_problem_naming_it()
    {
        // A socket file: it exists and has a manifest's name, and opening it fails (ENXIO) even for root.
        var socketPath = Path.Combine(folder, "socket.yaml");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        Write("a.yaml", Group("a"));

        var set = ManifestLoader.Load([folder], recursive: false);

        Assert.Equal(["a"], Names(set));
        Assert.Matches(@"manifests/socket\.yaml: cannot be read: [^\n]+$", ProblemOf(set, "socket.yaml"));
    }

    [Fact]
    public void Any_tangle_of_links_leaves_every_real_manifest_loaded_and_every_link_loaded_or_one_problem()
    {
        // Five regular manifests and four links, each to a random one of: a manifest, another link,
        // a folder, itself, a missing name, or a file outside the folder.
        string[] targets = ["m0.yaml", "m1.yaml", "l0.yaml", "l1.yaml", "l2.yaml", "l3.yaml", "sub", ".", "missing.yaml", "../outside.yaml", "sub/../../outside.yaml"];
        Write("outside.yaml", Group("outside"), under: root);
        Gen.Int[0, targets.Length - 1].Array[4].Sample(choice =>
        {
            var tangle = Directory.CreateDirectory(Path.Combine(root, $"tangle-{Guid.NewGuid():N}")).FullName;
            for (var i = 0; i < 5; i++) Write($"m{i}.yaml", Group($"m{i}"), under: tangle);
            Write("sub/s.yaml", Group("s"), under: tangle);
            for (var i = 0; i < 4; i++) File.CreateSymbolicLink(Path.Combine(tangle, $"l{i}.yaml"), targets[choice[i]]);

            var set = ManifestLoader.Load([tangle], recursive: true);

            var names = Names(set);
            var loadedOnce = Enumerable.Range(0, 5).All(i => names.Contains($"m{i}")) && names.Contains("s");
            var nothingFromOutside = !names.Contains("outside");
            var everyLinkAccounted = Enumerable.Range(0, 4).All(i =>
                set.Problems.Count(p => p.Source.EndsWith($"/l{i}.yaml", StringComparison.Ordinal)) <= 1);
            return loadedOnce && nothingFromOutside && everyLinkAccounted;
        }, iter: 60);
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'#');
            BytesRead += count;
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
