using Crossfold.Cli;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cli;

/// <summary>
/// Real processes: `crossfold watch` keeps following a sweep while its coordinator is killed (SIGKILL) and
/// started again on the same data directory, says once that it reconnected, redraws from the fresh status the
/// new coordinator sends for the old one's last event id, and ends with the sweep's real end once; with
/// no coordinator to come back it gives up with exit 3 and says why.
/// </summary>
public sealed class WatchAcrossRestartTests
{
    static NodeProcess Watch(ProcessCluster cluster, string id, params string[] extra) =>
        NodeProcess.Start("watch", RepoPaths.CoordinatorDll,
            new[] { "watch", id, "--plain", "--coordinator", $"http://127.0.0.1:{cluster.HttpPort}" }.Concat(extra));

    [Fact]
    public async Task Watch_follows_a_sweep_through_a_coordinator_restart_to_its_end()
    {
        using var cluster = new ProcessCluster();
        cluster.StartWorker("worker", slots: 2);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60),
            "the worker's two slots to register", cluster.Logs);
        var created = await cluster.Client.Submit(ClusterTestSweeps.Slow, "slow.yaml");
        using var watch = Watch(cluster, created.Id);
        await Eventually.True(async () => watch.Output.Contains("[sweep]") && await cluster.Client.Status(created.Id) is { Done: >= 1, Running: >= 1 },
            TimeSpan.FromMinutes(2), "watch to follow and a fold to finish", () => watch.Output + cluster.Logs());

        cluster.Coordinator.Kill();
        cluster.StartCoordinator();

        Assert.True(watch.WaitForExit(TimeSpan.FromMinutes(5)), "watch did not end\n" + watch.Output + cluster.Logs());
        var status = await cluster.Client.Status(created.Id);
        Assert.True(status is { State: SweepState.Completed, Failed: 0 } && status.Done == status.Jobs, cluster.Logs());
        Assert.Equal(ExitCodes.Ok, watch.ExitCode);
        // Said once; the restarted coordinator is a new incarnation that cannot replay, so a fresh status follows the line.
        string output = watch.Output, line = $"reconnected to the coordinator; resuming sweep {created.Id}";
        Assert.Equal(1, Occurrences(output, line));
        Assert.Contains($"[sweep] {created.Id} 'slow-cluster': ", output[output.IndexOf(line, StringComparison.Ordinal)..]);
        Assert.Equal(1, Occurrences(output, $"[sweep] {created.Id} completed"));
        Assert.Contains($"{status.Jobs} of {status.Jobs} folds done", output);
    }

    static int Occurrences(string text, string what) => text.Split(what).Length - 1;

    [Fact]
    public async Task Watch_gives_up_with_exit_3_when_the_coordinator_does_not_come_back()
    {
        using var cluster = new ProcessCluster();
        await Eventually.True(async () => await cluster.Client.Cluster() is not null, TimeSpan.FromSeconds(60), "the coordinator to answer", cluster.Logs);
        var created = await cluster.Client.Submit(ClusterTestSweeps.Slow, "slow.yaml");
        using var watch = Watch(cluster, created.Id, "--reconnect-for", "3");
        await Eventually.True(() => Task.FromResult(watch.Output.Contains("[sweep]")), TimeSpan.FromMinutes(1),
            "watch to follow the sweep", () => watch.Output + cluster.Logs());

        cluster.Coordinator.Kill();

        Assert.True(watch.WaitForExit(TimeSpan.FromMinutes(2)), "watch did not give up\n" + watch.Output);
        Assert.Equal(ExitCodes.Unavailable, watch.ExitCode);
        Assert.Contains($"lost the coordinator at http://127.0.0.1:{cluster.HttpPort} while following sweep {created.Id} and could not reconnect within 3 s", watch.Output);
        Assert.DoesNotContain("reconnected", watch.Output);
    }
}
