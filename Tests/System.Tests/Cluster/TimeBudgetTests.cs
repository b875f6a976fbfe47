using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Real processes: a sweep whose search.max_hours runs out long before its folds would ends expired, its
/// running fold stopped on the worker, what finished kept, and the status, report and log say so.
/// </summary>
public sealed class TimeBudgetTests
{
    // Ten folds of several seconds each on one slot, and a budget of 0.0005 h = 1.8 s.
    const string Budgeted = """
        name: budgeted
        seed: 3
        dataset: {source: mnist-t10k, limit: 3000}
        folds: 5
        search: {max_hours: 0.0005}
        architectures: [seed-cnn-5, seed-cnn-2]
        training: {epochs: 4}
        """;

    [Fact]
    public async Task A_spent_time_budget_ends_the_sweep_early_and_says_so()
    {
        using var cluster = new ProcessCluster();
        // At debug level the worker logs its slots' actors, among them the line that a fold is stopped.
        var (worker, _) = cluster.StartWorker("worker", 1, "--log-level", "debug");
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(60),
            "the worker's slot to register", cluster.Logs);

        var created = await cluster.Client.Submit(Budgeted, "budgeted.yaml");
        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(2), "the sweep to end", cluster.Logs);

        Assert.True(status.State == SweepState.Expired, cluster.Logs());
        Assert.Equal(status.Created + TimeSpan.FromSeconds(1.8), status.Deadline);
        Assert.True(status.Finished >= status.Deadline);
        Assert.Equal((0, 0, 0), (status.Running, status.Queued, status.Failed));
        Assert.True(status.Done < 10, $"{status.Done} of 10 folds done: the budget did not shorten the sweep");

        // The report has what finished, and says the sweep expired.
        var report = await cluster.Client.ReportData(created.Id);
        Assert.Equal("expired", report.State);
        Assert.Equal(status.Done, report.Trials.Sum(t => t.Folds.Count));

        // One slot always has a fold in training: the worker was told to stop it.
        await Eventually.True(() => Task.FromResult(worker.Output.Contains("(cancelled by the coordinator)", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the worker to stop its running fold", cluster.Logs);
        await Eventually.True(() => Task.FromResult(cluster.Coordinator.Output.Contains(
            $"Sweep {created.Id} 'budgeted' expired (its time budget (search.max_hours 0.0005) ran out at ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the coordinator's log line that the sweep expired", cluster.Logs);
    }
}
