using Crossfold.Core.Results;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cli;

/// <summary>
/// Ctrl-C on `watch` and `submit --watch` stops following, not the sweep: the program says the sweep keeps
/// running and how to follow it again, gives the terminal its cursor back and exits with 130. The
/// coordinator has no worker, so the sweep stays queued for as long as the test needs.
/// </summary>
public sealed class WatchInterruptTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-watch-").FullName;
    readonly ProcessCluster _cluster = new();

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_dir, true);
    }

    string Url => $"http://127.0.0.1:{_cluster.HttpPort}";

    async Task<string> Submit() => (await Eventually.Get(async () => await _cluster.Client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml"),
        TimeSpan.FromMinutes(1), "the coordinator to accept a sweep", _cluster.Logs)).Id;

    async Task AssertStillRunning(string id) => Assert.Equal(SweepState.Running, (await _cluster.Client.Status(id)).State);

    [Fact]
    public async Task Ctrl_c_on_watch_leaves_the_sweep_running_and_says_how_to_follow_it_again()
    {
        string id = await Submit();
        using var watch = NodeProcess.Start("watch", RepoPaths.CoordinatorDll, ["watch", id, "--coordinator", Url, "--plain"], _dir);
        await Eventually.True(() => Task.FromResult(watch.Output.Contains("[sweep]") || watch.HasExited), TimeSpan.FromMinutes(1), "watch to show the sweep");
        watch.Interrupt();
        Assert.True(watch.WaitForExit(TimeSpan.FromMinutes(1)), watch.Output);
        Assert.True(watch.ExitCode == 130, watch.Output);
        Assert.Contains($"sweep {id} keeps running on the coordinator; `crossfold watch {id} --coordinator {Url}` follows it again", watch.Output);
        await AssertStillRunning(id);
    }

    [Fact]
    public async Task Ctrl_c_on_submit_watch_does_the_same()
    {
        string first = await Submit(); // the coordinator is up
        string file = Path.Combine(_dir, "tiny.yaml");
        File.WriteAllText(file, ClusterTestSweeps.Tiny);
        using var submit = NodeProcess.Start("submit", RepoPaths.CoordinatorDll, ["submit", file, "--watch", "--coordinator", Url], _dir);
        await Eventually.True(() => Task.FromResult(submit.Output.Contains("[sweep]") || submit.HasExited), TimeSpan.FromMinutes(1), "submit to follow the sweep");
        string id = Assert.Single(await _cluster.Client.List(), s => s.SweepId != first).SweepId; // stdout and stderr interleave in Output
        submit.Interrupt();
        Assert.True(submit.WaitForExit(TimeSpan.FromMinutes(1)), submit.Output);
        Assert.True(submit.ExitCode == 130, submit.Output);
        Assert.Contains($"sweep {id} keeps running on the coordinator", submit.Output);
        await AssertStillRunning(id);
    }

    [Fact]
    public async Task Ctrl_c_typed_in_a_terminal_ends_the_live_view_and_shows_the_cursor_again()
    {
        string id = await Submit();
        using var watch = TerminalProcess.Start(RepoPaths.CoordinatorDll, ["watch", id, "--coordinator", Url], 80, _dir);
        Assert.True(watch.WaitFor("folds)", TimeSpan.FromMinutes(1)), watch.Output);
        watch.TypeCtrlC();
        Assert.True(watch.WaitForExit(TimeSpan.FromMinutes(1)), watch.Output);
        string output = watch.Output;
        Assert.True(watch.ExitCode == 130, output);
        const string hide = "\u001b[?25l", show = "\u001b[?25h";
        Assert.Contains(hide, output);
        Assert.True(output.LastIndexOf(show, StringComparison.Ordinal) > output.LastIndexOf(hide, StringComparison.Ordinal), "the cursor stays hidden:\n" + output);
        Assert.Contains("keeps running on the coordinator", output);
        await AssertStillRunning(id);
    }
}
