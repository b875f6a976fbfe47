using System.Text.Json;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Worker.Jobs;
using static TorchSharp.torch;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Racing on a real worker over real sockets: when a trial is eliminated while one of its folds is
/// training, the worker's slot is told to stop and the fold's cancellation token fires.
/// </summary>
public sealed class RacingCancellationTests : IAsyncLifetime
{
    InProcessNodes _nodes = null!;
    readonly GatedRunner _runner = new();

    public async Task InitializeAsync()
    {
        _nodes = await InProcessNodes.Start();
        await _nodes.AddWorker(2, _ => _runner);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task An_eliminated_trials_running_fold_is_stopped_on_its_worker()
    {
        var client = _nodes.Client;
        await Eventually.Get(async () => await client.Cluster() is { Slots.Count: 2 } c ? c : null, TimeSpan.FromSeconds(60), "two worker slots to register");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var events = client.AllEvents(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await events.MoveNextAsync());
        var created = await client.Submit("""
            name: raced
            dataset: {source: mnist-t10k, limit: 500}
            folds: 5
            search: {racing: {alpha: 0.05, min_folds: 3}}
            architectures: [seed-mlp-2, seed-mlp-3, seed-mlp-4]
            """, "raced.yaml");

        JsonElement? eliminated = null;
        while (await events.MoveNextAsync())
        {
            var (_, name, data) = events.Current;
            if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("sweepId", out var id) || id.GetString() != created.Id) continue;
            if (name == "trial-eliminated") eliminated = data.Clone();
            if (name == "sweep-finished")
            {
                Assert.Equal("completed", data.GetProperty("state").GetString());
                break;
            }
        }

        Assert.NotNull(eliminated);
        Assert.Equal(2, eliminated.Value.GetProperty("trial").GetProperty("trialIndex").GetInt32());
        Assert.Equal(3, eliminated.Value.GetProperty("round").GetInt32());
        Assert.Equal(2, eliminated.Value.GetProperty("foldsDropped").GetInt32()); // the running fold 4 and the queued fold 5
        Assert.True(_runner.Cancelled.Task.IsCompletedSuccessfully, "the eliminated trial's running fold was never cancelled on the worker");
        var status = await client.Status(created.Id);
        Assert.Equal(3 * 5 - 2, status.Done);
        Assert.StartsWith("eliminated after fold 3", status.Trials[2].Eliminated);
        var report = await client.ReportData(created.Id);
        Assert.Equal(2, Assert.Single(report.Racing!.Eliminated).Trial);
    }

    /// <summary>
    /// Jobs that return made-up accuracies at once (trial 2 far behind), except trial 2's folds 3 and 4:
    /// fold 3 finishes only once fold 4 has started on the other slot, and fold 4 runs until it is cancelled,
    /// so the elimination at round 3 always finds a fold of trial 2 running.
    /// </summary>
    sealed class GatedRunner : IJobRunner
    {
        readonly TaskCompletionSource _fourthStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FoldOutcome Run(JobSpec job, Device device, int threads, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
        {
            if (job.TrialIndex == 2 && job.Fold == 2) _fourthStarted.Task.Wait(TimeSpan.FromSeconds(60), cancel);
            if (job.TrialIndex == 2 && job.Fold == 3)
            {
                _fourthStarted.TrySetResult();
                if (cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(60))) Cancelled.TrySetResult();
                cancel.ThrowIfCancellationRequested();
            }
            double accuracy = (job.TrialIndex == 2 ? 0.5 : 0.95) + 0.002 * ((job.Fold * 7 + job.TrialIndex * 3) % 5);
            var epoch = new EpochMetrics(1, 1 - accuracy, accuracy, 1 - accuracy, accuracy, 0.01, 0);
            onEpoch?.Invoke(epoch);
            var confusion = new int[100];
            confusion[0] = 1;
            return new FoldOutcome(new Evaluation(accuracy, 1 - accuracy, confusion, 10), [epoch], 1, 1, 1, 0.01, "gated", "simulated", threads);
        }
    }
}
