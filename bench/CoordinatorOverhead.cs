using System.Collections.Concurrent;
using System.Diagnostics;
using Crossfold.Cli.Client;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;
using Crossfold.Torch.Training;
using Crossfold.Worker.Hosting;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;
using Microsoft.Extensions.Hosting;
using static TorchSharp.torch;

namespace Crossfold.Bench;

/// <summary>
/// The coordinator's own cost: a real coordinator node (HTTP API, singleton, SQLite store) and worker
/// nodes, each its own actor system over loopback TCP, with jobs that only wait a fixed time. Measures
/// jobs per second through the coordinator, the time from "slot idle" (a job returned) to "job started"
/// (the slot's next job begins), and slot utilisation.
/// </summary>
public static class CoordinatorOverhead
{
    /// <summary>A job as one slot saw it: when its runner was entered and left.</summary>
    sealed record Span(string Slot, long Start, long End);

    /// <summary>Wraps the simulated runner to time every job on its slot.</summary>
    sealed class Timed(SlotInfo slot, TimeSpan duration, ConcurrentBag<Span> spans) : IJobRunner
    {
        readonly SimulatedJobRunner _inner = new(_ => duration, slot.Node);

        public FoldOutcome Run(JobSpec job, Device device, int threads, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
        {
            long start = Stopwatch.GetTimestamp();
            var outcome = _inner.Run(job, device, threads, onEpoch, cancel);
            spans.Add(new Span(slot.Key, start, Stopwatch.GetTimestamp()));
            return outcome;
        }
    }

    public static Dictionary<string, object?> Run(int nodes, int slotsPerNode, int jobs, int jobMilliseconds)
    {
        if (jobs % 10 != 0) throw new ArgumentException("--jobs must be a multiple of 10 (trials x 10 folds)");
        string data = Directory.CreateTempSubdirectory("crossfold-bench-coordinator-").FullName;
        int http = FreePort(), akka = FreePort();
        var seeds = new[] { $"127.0.0.1:{akka}" };
        var spans = new ConcurrentBag<Span>();
        var coordinator = CoordinatorServer.Build(new ServeOptions($"http://127.0.0.1:{http}",
            new ClusterNodeOptions("127.0.0.1", akka, "127.0.0.1", seeds), data, null, null, ServeOptions.DefaultMaxBodyBytes,
            SchedulerOptions.Default));
        coordinator.StartAsync().GetAwaiter().GetResult();
        var workers = Enumerable.Range(0, nodes).Select(_ => WorkerNode.Build(
                new WorkerOptions(new ClusterNodeOptions("127.0.0.1", 0, "127.0.0.1", seeds), "cpu", slotsPerNode, 1, TimeSpan.FromSeconds(5)),
                SlotPlan.Create("cpu", slotsPerNode, 1), slot => new Timed(slot, TimeSpan.FromMilliseconds(jobMilliseconds), spans)))
            .ToList();
        foreach (var w in workers) w.StartAsync().GetAwaiter().GetResult();
        using var client = new CoordinatorClient($"http://127.0.0.1:{http}", null);
        try
        {
            int slots = nodes * slotsPerNode;
            Wait(() => client.Cluster().Result.Slots.Count == slots, TimeSpan.FromMinutes(2), "every slot to register");
            // trials x 10 folds: one architecture, a learning-rate grid as long as needed.
            int trials = jobs / 10;
            string rates = string.Join(", ", Enumerable.Range(1, trials).Select(i => (i * 1e-6).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)));
            var created = client.Submit($"name: coordinator-bench\ndataset: {{source: mnist-t10k, limit: 1000}}\nfolds: 10\n" +
                $"architectures: [seed-mlp-2]\nhyperparameters: {{learning_rate: [{rates}]}}\n", "coordinator-bench.yaml").Result;
            var clock = Stopwatch.StartNew();
            Wait(() => client.Status(created.Id).Result.State != SweepState.Running, TimeSpan.FromHours(1), "the sweep to finish");
            var status = client.Status(created.Id).Result;

            var all = spans.ToList();
            long first = all.Min(s => s.Start), last = all.Max(s => s.End);
            double wall = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
            double busy = all.Sum(s => Stopwatch.GetElapsedTime(s.Start, s.End).TotalSeconds);
            var gaps = all.GroupBy(s => s.Slot)
                .SelectMany(g => g.OrderBy(s => s.Start).Zip(g.OrderBy(s => s.Start).Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.End, b.Start).TotalMilliseconds))
                .Order().ToArray();
            return new Dictionary<string, object?>
            {
                ["benchmark"] = "coordinator",
                ["worker_nodes"] = nodes,
                ["slots"] = slots,
                ["jobs"] = jobs,
                ["job_ms"] = jobMilliseconds,
                ["completed"] = status.Done,
                ["failed"] = status.Failed,
                ["wall_seconds"] = Math.Round(wall, 3),
                ["jobs_per_second"] = Math.Round(all.Count / wall, 1),
                ["idle_to_start_ms_median"] = Math.Round(Percentile(gaps, 0.5), 3),
                ["idle_to_start_ms_p99"] = Math.Round(Percentile(gaps, 0.99), 3),
                ["idle_to_start_ms_max"] = Math.Round(gaps.LastOrDefault(), 3),
                ["utilisation"] = Math.Round(busy / (slots * wall), 4),
                ["ideal_wall_seconds"] = Math.Round(jobs * jobMilliseconds / 1000.0 / slots, 3),
                ["store"] = "SQLite (WAL)",
            };
        }
        finally
        {
            foreach (var w in workers) w.StopAsync().GetAwaiter().GetResult();
            coordinator.StopAsync().GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, true);
        }
    }

    static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    static void Wait(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(200);
        }
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
