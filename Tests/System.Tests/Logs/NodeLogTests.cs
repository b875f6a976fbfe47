using System.Text.Json;
using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Logs;

/// <summary>
/// What `serve` and `crossfold-worker` write during normal use, read from real processes: one line per
/// lifecycle event, no framework chatter, no warning or error for normal events (starting, a worker's
/// clean SIGTERM drain), and with --log-format json one JSON object per line.
/// </summary>
public sealed class NodeLogTests
{
    const string Sweep = "name: logged\ndataset: {source: mnist-t10k, limit: 300}\nfolds: 2\narchitectures: [seed-mlp-1]\ntraining: {epochs: 1}\n";

    [Fact]
    public async Task A_sweep_and_a_clean_worker_drain_log_one_line_per_event_and_no_warnings()
    {
        using var cluster = new ProcessCluster();
        // A worker that starts before the coordinator listens logs Akka's "connection refused" while it retries;
        // that is expected, and this test is about a normal run, so the worker starts once the coordinator is up.
        await Eventually.True(() => Task.FromResult(cluster.Coordinator.Output.Contains("Sweep coordinator started")), TimeSpan.FromSeconds(60),
            "the coordinator to start", cluster.Logs);
        var (worker, node) = cluster.StartWorker("worker", 1);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(90), "the worker's slot to register", cluster.Logs);

        var created = await cluster.Client.Submit(Sweep, "logged.yaml");
        await Eventually.True(async () => (await cluster.Client.Status(created.Id)).State == SweepState.Completed, TimeSpan.FromMinutes(2), "the sweep to end", cluster.Logs);
        worker.Terminate();
        Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(1)), cluster.Logs());
        await Eventually.True(() => Task.FromResult(cluster.Coordinator.Output.Contains($"Worker {node} left")), TimeSpan.FromSeconds(60),
            "the coordinator to say the worker left", cluster.Logs);

        string coordinator = cluster.Coordinator.Output;
        Assert.Contains($"Sweep {created.Id} 'logged' completed: 2 job(s) done, 0 failed, 0 not run", coordinator);
        Assert.True(Lines(coordinator).Any(l => l.Contains($"Worker {node} left (") && l.EndsWith("): 1 slot(s), 0 job(s) requeued") && l.Contains("info: Crossfold.Coordinator")), coordinator);
        foreach (string output in new[] { coordinator, worker.Output })
        {
            string[] bad = Lines(output).Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)
                    || l.Contains("WARNING", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).ToArray();
            Assert.True(bad.Length == 0, "unexpected warnings or errors:\n" + string.Join("\n", bad) + "\n" + cluster.Logs());
            Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", output);
        }
        Assert.Contains("Found the coordinator", worker.Output);
        Assert.True(Lines(coordinator).Length < 40, "the coordinator wrote more than one line per event:\n" + coordinator);
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line()
    {
        using var cluster = new ProcessCluster("--log-format", "json");
        cluster.StartWorker("worker", 1, "--log-format", "json");
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(90), "the worker's slot to register", cluster.Logs);
        var created = await cluster.Client.Submit(Sweep, "logged.yaml");
        await Eventually.True(async () => (await cluster.Client.Status(created.Id)).State == SweepState.Completed, TimeSpan.FromMinutes(2), "the sweep to end", cluster.Logs);
        await Eventually.True(() => Task.FromResult(cluster.Coordinator.Output.Contains("completed: 2 job(s) done")), TimeSpan.FromSeconds(30), "the completion line");

        // The start banner is plain text on stdout (before logging starts); every log entry is JSON.
        var entries = Lines(cluster.Coordinator.Output).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.Contains($"Sweep {created.Id} 'logged' completed"));
        Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Timestamp", out _)));
        Assert.All(Lines(cluster.Coordinator.Output).Where(l => !l.StartsWith('{')), l => Assert.StartsWith("crossfold serve:", l));
    }

    static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
