using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Protocol.Messages;

namespace Crossfold.Tests.Scheduling;

/// <summary>Builds sweeps, slots and outcomes for scheduler tests, with a clock the test moves.</summary>
public sealed class SchedulerFixture
{
    public DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    public Scheduler Scheduler { get; }

    public SchedulerFixture(int maxRetries = 2, int leaseSeconds = 30) =>
        Scheduler = new Scheduler(new SchedulerOptions(TimeSpan.FromSeconds(leaseSeconds), maxRetries));

    /// <summary>A sweep of <paramref name="architectures"/> presets x <paramref name="k"/> folds.</summary>
    public static SubmitSweep Sweep(string id, int k = 3, params string[] architectures) => Sweep(id, k, refit: false, architectures);

    /// <summary>As above; with <paramref name="refit"/> the sweep asks for a final model (on a dataset with a held-out split).</summary>
    public static SubmitSweep Sweep(string id, int k, bool refit, params string[] architectures)
    {
        if (architectures.Length == 0) architectures = new[] { "seed-mlp-2" };
        string dataset = refit ? "dataset: {images: a.npy, labels: b.npy, test_images: c.npy, test_labels: d.npy}\nrefit: true\n" : "";
        string yaml = $"name: {id}\n{dataset}folds: {k}\narchitectures: [{string.Join(", ", architectures)}]\ntraining: {{epochs: 4, early_stopping: 2}}\n";
        var file = SweepFileParser.Parse(yaml, $"{id}.yaml");
        return new SubmitSweep(id, file.Definition, new DatasetFacts("fingerprint", 1000, 28, 28, 10, null), $"{id}.yaml", yaml, file.Sha256);
    }

    public static SlotInfo Slot(string node, int index = 0, int slotsOnNode = 1) =>
        new(node, index, "cpu", "CPU", 0, 1, slotsOnNode, "inc1");

    public static FoldOutcome Outcome(double accuracy, int bestEpoch = 1, byte[]? weights = null) =>
        new(new Evaluation(accuracy, 1 - accuracy, new int[100], 10), Array.Empty<EpochMetrics>(), bestEpoch, 10, 5, 1, "n", "cpu", 1, weights);

    public Effects Submit(SubmitSweep sweep)
    {
        var (reply, effects) = Scheduler.Submit(sweep, Now);
        Assert.IsType<SweepAccepted>(reply);
        return effects;
    }

    public static IReadOnlyList<AssignJob> Assignments(Effects effects, string? slotKey = null) => effects.ToSlots
        .Where(m => slotKey is null || m.SlotKey == slotKey)
        .Select(m => m.Message).OfType<AssignJob>().ToList();

    public static IReadOnlyList<StopJob> Cancellations(Effects effects, string? slotKey = null) => effects.ToSlots
        .Where(m => slotKey is null || m.SlotKey == slotKey)
        .Select(m => m.Message).OfType<StopJob>().ToList();
}
