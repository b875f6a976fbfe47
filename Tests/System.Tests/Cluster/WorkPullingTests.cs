using System.Text.Json;
using Crossfold.Cli.Client;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Work pulling over real sockets, with jobs that only wait (the property is about scheduling, not
/// training): a node never holds more jobs than it has slots, and a slow worker costs the sweep at
/// most one of its jobs at the end.
/// </summary>
public sealed class WorkPullingTests : IAsyncLifetime
{
    static readonly TimeSpan FastJob = TimeSpan.FromMilliseconds(150), SlowJob = TimeSpan.FromMilliseconds(1500);
    InProcessNodes _nodes = null!;
    CoordinatorClient _client = null!;

    public async Task InitializeAsync()
    {
        _nodes = await InProcessNodes.Start();
        await _nodes.AddWorker(2, InProcessNodes.Simulated(FastJob));
        await _nodes.AddWorker(1, InProcessNodes.Simulated(SlowJob));
        _client = _nodes.Client;
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Slots_bound_what_a_node_holds_and_a_slow_worker_delays_the_end_by_at_most_one_job()
    {
        var cluster = await Eventually.Get(async () => await _client.Cluster() is { Slots.Count: 3 } c ? c : null,
            TimeSpan.FromSeconds(60), "three worker slots to register");
        string slowNode = cluster.Slots.Single(s => s.Slot.SlotsOnNode == 1).Slot.Node;

        // Follow every sweep from before the submission, so not one event is missed.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var events = _client.AllEvents(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("sweeps", events.Current.Name);
        var created = await _client.Submit("""
            name: pulling
            dataset: {source: mnist-t10k, limit: 500}
            folds: 10
            architectures: [seed-mlp-2, seed-mlp-3, seed-mlp-4]
            """, "pulling.yaml");
        var held = new Dictionary<string, int>();
        var maxHeld = new Dictionary<string, int>();
        var nodeOf = new Dictionary<int, string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan lastStart = TimeSpan.Zero, end = TimeSpan.Zero;
        while (await events.MoveNextAsync())
        {
            var (_, name, data) = events.Current;
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("sweepId", out var sweep) && sweep.GetString() != created.Id) continue;
            if (name == "job-started")
            {
                string node = data.GetProperty("slot").GetProperty("node").GetString()!;
                nodeOf[data.GetProperty("jobId").GetInt32()] = node;
                held[node] = held.GetValueOrDefault(node) + 1;
                maxHeld[node] = Math.Max(maxHeld.GetValueOrDefault(node), held[node]);
                lastStart = clock.Elapsed;
            }
            else if (name == "fold-finished")
            {
                held[nodeOf[data.GetProperty("jobId").GetInt32()]]--;
            }
            else if (name == "sweep-finished")
            {
                end = clock.Elapsed;
                Assert.Equal("completed", data.GetProperty("state").GetString());
                break;
            }
        }

        Assert.Equal(30, nodeOf.Count);
        Assert.Equal(1, maxHeld[slowNode]);
        Assert.Equal(2, maxHeld.Where(kv => kv.Key != slowNode).Single().Value);
        // Once the queue is empty nothing waits for more than the job in hand: at most one slow job (with slack for the wire).
        Assert.True(end - lastStart <= SlowJob + TimeSpan.FromSeconds(1),
            $"the sweep ended {(end - lastStart).TotalSeconds:0.00} s after the last job was handed out");
        // The fast node did most of the work.
        Assert.True(nodeOf.Values.Count(n => n == slowNode) < 10);
    }
}
