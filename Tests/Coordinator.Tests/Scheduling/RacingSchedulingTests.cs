using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Storage;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core.Sweeps;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>
/// With search.racing, folds run breadth-first and a trial significantly worse than the leader after
/// min_folds folds is eliminated: its queued folds dropped, a running one stopped, its finished ones kept.
/// </summary>
public sealed class RacingSchedulingTests
{
    // Trial 0 leads; 1 ties it fold by fold; 2 is clearly worse; 3 a little worse and noisy (never significant at 5 folds here).
    static readonly double[][] Accuracy =
    [
        [0.95, 0.96, 0.95, 0.97, 0.96],
        [0.95, 0.96, 0.95, 0.97, 0.96],
        [0.80, 0.81, 0.79, 0.80, 0.82],
        [0.96, 0.93, 0.95, 0.96, 0.94],
    ];

    static SubmitSweep RacedSweep(string id, int minFolds = 3)
    {
        string yaml = $"name: {id}\nfolds: 5\nsearch: {{racing: {{alpha: 0.05, min_folds: {minFolds}}}}}\n" +
                      "architectures: [seed-mlp-1, seed-mlp-2, seed-mlp-3, seed-mlp-4]\ntraining: {epochs: 2}\n";
        var file = SweepFileParser.Parse(yaml, $"{id}.yaml");
        return new SubmitSweep(id, file.Definition, new DatasetFacts("fingerprint", 1000, 28, 28, 10, null), $"{id}.yaml", yaml, file.Sha256);
    }

    /// <summary>Completes a job with its simulated accuracy.</summary>
    static Effects Finish(SchedulerFixture f, AssignJob job, SlotInfo slot) =>
        f.Scheduler.Complete(job.Job.SweepId, job.Job.JobId, job.Attempt, Outcome(Accuracy[job.Job.TrialIndex][job.Job.Fold]), slot.Key, f.Now);

    /// <summary>Runs the sweep to its end with <paramref name="slots"/> slots, finishing the running jobs in an order drawn from <paramref name="order"/>; returns every event.</summary>
    static List<ISweepEvent> RunToEnd(SchedulerFixture f, string sweepId, int slots, Random order)
    {
        var events = new List<ISweepEvent>();
        var running = new Dictionary<string, AssignJob>();
        var infos = Enumerable.Range(0, slots).Select(i => Slot($"n{i}")).ToList();
        void Apply(Effects e)
        {
            events.AddRange(e.Events);
            foreach (var (key, message) in e.ToSlots)
                if (message is AssignJob a) running[key] = a;
                else if (message is StopJob) running.Remove(key);
        }
        foreach (var slot in infos) Apply(f.Scheduler.RequestWork(slot, f.Now));
        while (running.Count > 0)
        {
            var key = running.Keys.OrderBy(k => k).ElementAt(order.Next(running.Count));
            var slot = infos.Single(s => s.Key == key);
            var job = running[key];
            running.Remove(key);
            Apply(Finish(f, job, slot));
            foreach (var idle in infos.Where(s => !running.ContainsKey(s.Key))) Apply(f.Scheduler.RequestWork(idle, f.Now));
        }
        Assert.Equal(SweepState.Completed, f.Scheduler.Sweeps[sweepId].State);
        return events;
    }

    [Fact]
    public void Folds_run_breadth_first_every_trials_fold_before_the_next_fold()
    {
        var f = new SchedulerFixture();
        f.Submit(RacedSweep("b1"));
        var a = Slot("a");
        var order = new List<(int Trial, int Fold)>();
        for (int i = 0; i < 8; i++)
        {
            var job = Assignments(f.Scheduler.RequestWork(a, f.Now)).Single();
            order.Add((job.Job.TrialIndex, job.Job.Fold));
            Finish(f, job, a);
        }
        Assert.Equal([(0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (1, 1), (2, 1), (3, 1)], order);
    }

    [Fact]
    public void A_clearly_worse_trial_is_eliminated_at_min_folds_and_its_queued_folds_dropped_a_tie_never()
    {
        var f = new SchedulerFixture();
        f.Submit(RacedSweep("r1"));
        var a = Slot("a");
        var events = new List<ISweepEvent>();
        for (int i = 0; i < 12; i++) // rounds 1 to 3 on one slot
            events.AddRange(Finish(f, Assignments(f.Scheduler.RequestWork(a, f.Now)).Single(), a).Events);

        var eliminated = Assert.Single(events.OfType<TrialEliminated>());
        Assert.Equal((2, 3, 2, "seed-mlp-1 | none"), (eliminated.Trial.TrialIndex, eliminated.Round, eliminated.FoldsDropped, eliminated.Leader));
        Assert.InRange(eliminated.AdjustedP, 0, 0.05);
        Assert.StartsWith("eliminated after fold 3 (adjusted p = ", eliminated.Trial.Eliminated);
        var run = f.Scheduler.Sweeps["r1"];
        Assert.All(run.JobsOf(2).ToArray()[3..], j => Assert.Equal(JobStatus.Cancelled, j.Status));
        Assert.Equal(3 * 2, f.Scheduler.QueueLength); // folds 4 and 5 of the three survivors

        var rest = RunToEnd(f, "r1", 1, new Random(1));
        Assert.Empty(rest.OfType<TrialEliminated>()); // the tie (trial 1) and the noisy trial 3 survive every round
        Assert.Equal(4 * 5 - 2, run.Jobs.Count(j => j.Status == JobStatus.Done));
        Assert.Equal("seed-mlp-1 | none", run.Trials[run.Race!.Eliminated[2].Leader].Label);
    }

    [Fact]
    public void Nothing_is_eliminated_before_min_folds()
    {
        var f = new SchedulerFixture();
        f.Submit(RacedSweep("m1", minFolds: 5));
        var events = RunToEnd(f, "m1", 1, new Random(2));
        Assert.Equal(5, Assert.Single(events.OfType<TrialEliminated>()).Round);
        Assert.Equal(20, f.Scheduler.Sweeps["m1"].Jobs.Count(j => j.Status == JobStatus.Done));
    }

    [Fact]
    public void An_eliminated_trials_running_fold_is_stopped_and_its_late_result_refused()
    {
        var f = new SchedulerFixture();
        f.Submit(RacedSweep("s1"));
        var slots = Enumerable.Range(0, 4).Select(i => Slot($"n{i}")).ToList();
        var running = new Dictionary<string, AssignJob>();
        void Take(SlotInfo slot) => running[slot.Key] = Assignments(f.Scheduler.RequestWork(slot, f.Now)).Single();
        for (int round = 0; round < 2; round++)
        {
            slots.ForEach(Take);
            slots.ForEach(slot => Finish(f, running[slot.Key], slot));
        }
        slots.ForEach(Take); // round 3
        var lagging = slots.Single(s => running[s.Key].Job.TrialIndex == 2);
        foreach (var slot in slots.Where(s => s != lagging))
        {
            Finish(f, running[slot.Key], slot);
            Take(slot); // no idle slots: round 4 starts before round 3 is decided
        }
        var doomed = slots.Single(s => s != lagging && running[s.Key].Job.TrialIndex == 2);
        Assert.Equal(3, running[doomed.Key].Job.Fold);

        var effects = Finish(f, running[lagging.Key], lagging);

        var stop = effects.ToSlots.Single(m => m.Message is StopJob);
        Assert.Equal(doomed.Key, stop.SlotKey);
        Assert.Equal((running[doomed.Key].Job.JobId, running[doomed.Key].Attempt), (((StopJob)stop.Message).JobId, ((StopJob)stop.Message).Attempt));
        Assert.Equal(2, Assert.Single(effects.Events.OfType<TrialEliminated>()).FoldsDropped); // the running fold 4 and the queued fold 5
        var run = f.Scheduler.Sweeps["s1"];
        Assert.Equal(JobStatus.Cancelled, run.JobById(running[doomed.Key].Job.JobId)!.Status);
        Assert.Null(f.Scheduler.Slots[doomed.Key].Running);

        var late = Finish(f, running[doomed.Key], doomed);
        Assert.Single(late.Refusals);
        Assert.Equal(3, run.JobsOf(2).Count(j => j.Status == JobStatus.Done)); // the three folds it finished stay
    }

    [Fact]
    public void The_same_trials_are_eliminated_on_one_slot_or_many_in_any_order()
    {
        string Outcome(int slots, int seed)
        {
            var f = new SchedulerFixture();
            f.Submit(RacedSweep("d1"));
            RunToEnd(f, "d1", slots, new Random(seed));
            var race = f.Scheduler.Sweeps["d1"].Race!;
            return string.Join(";", race.Eliminated.Values.OrderBy(e => e.Trial).Select(e => $"{e.Trial}@{e.Round}:{e.AdjustedP:R}"));
        }
        string expected = Outcome(1, 0);
        Assert.StartsWith("2@3:", expected);
        foreach (var (slots, seed) in new[] { (2, 1), (3, 2), (7, 3), (20, 4) })
            Assert.Equal(expected, Outcome(slots, seed));
    }

    [Fact]
    public void A_restored_raced_sweep_replays_its_eliminations_from_the_stored_folds_and_finishes_the_survivors()
    {
        var original = new SchedulerFixture();
        original.Submit(RacedSweep("c1"));
        var a = Slot("a");
        for (int i = 0; i < 13; i++) // three rounds and one fold of the fourth
            Finish(original, Assignments(original.Scheduler.RequestWork(a, original.Now)).Single(), a);
        var before = original.Scheduler.Sweeps["c1"];
        Assert.True(before.Race!.IsEliminated(2));

        // What the store holds, read back the way the coordinator resumes (SweepCoordinatorActor.Resume).
        var stored = StoredSweep.Of(before, before.Jobs);
        var s = stored.Submission;
        var run = new SweepRun(s, SweepPlan.Create(s.Definition, s.SweepId, s.Dataset.Fingerprint, s.Dataset.Height, s.Dataset.Width), stored.Created);
        foreach (var job in stored.Jobs)
        {
            var state = run.JobById(job.JobId)!;
            (state.Status, state.Attempts, state.Misses, state.Outcome, state.Error) = (job.Status, job.Attempts, job.Misses, job.Outcome, job.Error);
        }
        var restored = new SchedulerFixture();
        var effects = restored.Scheduler.Restore(run, restored.Now);

        Assert.Equal(before.Race.Eliminated[2], run.Race!.Eliminated[2]);
        Assert.Equal(3, run.Race.DecidedRound);
        Assert.Equal(0, Assert.Single(effects.Events.OfType<TrialEliminated>()).FoldsDropped); // its folds were already cancelled
        Assert.Equal(3 * 2 - 1, restored.Scheduler.QueueLength);
        RunToEnd(restored, "c1", 2, new Random(3));
        Assert.Equal(4 * 5 - 2, run.Jobs.Count(j => j.Status == JobStatus.Done));
        Assert.Equal([2], run.Race.Eliminated.Keys);
    }

    [Fact]
    public void The_report_rederives_the_eliminations_and_counts_the_fold_epochs_saved()
    {
        var f = new SchedulerFixture();
        f.Submit(RacedSweep("p1"));
        RunToEnd(f, "p1", 1, new Random(4));
        var run = f.Scheduler.Sweeps["p1"];

        var racing = RacingSummary.Of(run.Results())!;

        var e = Assert.Single(racing.Eliminated);
        var decided = run.Race!.Eliminated[2];
        Assert.Equal((decided.Trial, decided.Round, decided.AdjustedP, decided.Leader, 3), (e.Trial, e.Round, e.AdjustedP, e.Leader, e.FoldsRun));
        Assert.Equal((18, 20), (racing.FoldsRun, racing.FoldsPlanned));
        // The simulated folds record no epochs; the two dropped folds count at the planned 2 epochs each.
        Assert.Equal((0L, 4L, 4L, 0L), (racing.FoldEpochsRun, racing.FoldEpochsFullGrid, racing.FoldEpochsSaved, racing.FoldEpochsWasted));
        Assert.Null(RacingSummary.Of(run.Results() with { Definition = run.Results().Definition with { Search = null } }));
    }
}
