using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>
/// A TPE sweep grows by rounds: each round is proposed once every job before it has ended, from those scores only, so
/// the same sweep proposes the same trials on one slot or three and in any completion order, and a restore replays them.
/// </summary>
public sealed class TpeSchedulingTests
{
    const string Yaml = """
        name: tpe
        seed: 5
        folds: 2
        search: {method: tpe, trials: 7, batch: 3}
        architectures: [seed-mlp-2, seed-cnn-2]
        hyperparameters: {learning_rate: {log_uniform: [0.0001, 0.1]}}
        training: {epochs: 2}
        """;

    /// <summary>The same search raced: 4 folds, compared from fold 2 on, each TPE round a heat of its own.</summary>
    const string Raced = """
        name: tpe-raced
        seed: 5
        folds: 4
        search: {method: tpe, trials: 9, batch: 3, racing: {alpha: 0.2, min_folds: 2}}
        architectures: [seed-mlp-2, seed-cnn-2]
        hyperparameters: {learning_rate: {log_uniform: [0.00001, 0.1]}}
        training: {epochs: 2}
        """;

    static SubmitSweep Sweep(string id, string yaml = Yaml)
    {
        var file = SweepFileParser.Parse(yaml, $"{id}.yaml");
        return new SubmitSweep(id, file.Definition, new DatasetFacts("fingerprint", 1000, 28, 28, 10, null), $"{id}.yaml", yaml, file.Sha256);
    }

    /// <summary>A made-up fold accuracy from the trial's settings: best near learning rate 0.003 with the CNN, the fold adding a little.</summary>
    static double Score(Crossfold.Core.Jobs.JobSpec job) =>
        0.9 - 0.02 * Math.Abs(Math.Log10(job.Training.LearningRate / 0.003)) - (job.Architecture.Name == "seed-cnn-2" ? 0 : 0.03) + 0.001 * job.Fold
        // A fold-to-fold wobble that differs between trials, so the racing test has variance to work with.
        + 0.002 * ((job.Fold * 7 + job.TrialIndex * 3) % 5);

    /// <summary>
    /// Runs the sweep on <paramref name="slots"/> slots, each round's jobs finishing in the order <paramref name="reverse"/> says;
    /// returns the trial labels in proposal order.
    /// </summary>
    static List<string> Run(SchedulerFixture f, string id, int slots, bool reverse)
    {
        var keys = Enumerable.Range(0, slots).Select(i => Slot("n", i, slots)).ToList();
        var running = new List<(AssignJob Job, SlotInfo Slot)>();
        while (f.Scheduler.Sweeps[id].State == SweepState.Running)
        {
            foreach (var slot in keys.Where(s => running.All(r => r.Slot.Key != s.Key)))
                foreach (var job in Assignments(f.Scheduler.RequestWork(slot, f.Now))) running.Add((job, slot));
            Assert.NotEmpty(running);
            var next = reverse ? running[^1] : running[0];
            running.Remove(next);
            var effects = f.Scheduler.Complete(id, next.Job.Job.JobId, next.Job.Attempt, Outcome(Score(next.Job.Job)), next.Slot.Key, f.Now);
            // Slots that asked while nothing was queued get the next round's jobs as soon as it is proposed.
            foreach (var slot in keys)
                foreach (var job in Assignments(effects, slot.Key)) running.Add((job, slot));
        }
        return f.Scheduler.Sweeps[id].Trials.Select(t => t.Label).ToList();
    }

    [Fact]
    public void Rounds_are_proposed_after_the_jobs_before_them_and_the_same_on_one_or_three_slots_in_any_order()
    {
        var f = new SchedulerFixture();
        var (reply, _) = f.Scheduler.Submit(Sweep("t1"), f.Now);
        var accepted = Assert.IsType<SweepAccepted>(reply);
        Assert.Equal((7, 14), (accepted.Trials, accepted.Jobs));
        var run = f.Scheduler.Sweeps["t1"];
        Assert.Equal(3, run.Trials.Length); // the first round, drawn like random search
        Assert.Equal((14, 14), (run.Status(f.Now).Jobs, run.Status(f.Now).Queued)); // the rounds to come count as queued
        var one = Run(f, "t1", 1, reverse: false);
        Assert.Equal(7, one.Count);
        Assert.Equal(7, one.Distinct().Count());
        Assert.Equal((2, 14), (run.Rounds, run.Jobs.Length));
        Assert.Equal(SweepState.Completed, run.State);
        Assert.Equal(Enumerable.Range(0, 14), run.Jobs.Select(j => j.Spec.JobId));
        Assert.All(run.Trials, t => Assert.All(run.JobsOf(t.Index), j => Assert.Equal(t.Index, j.Spec.TrialIndex)));

        var three = new SchedulerFixture();
        three.Submit(Sweep("t1"));
        Assert.Equal(one, Run(three, "t1", 3, reverse: true));
        // The first round is random search's first draws: TPE only changes what comes after.
        Assert.Equal(RandomSearchFirst(3), one.Take(3));
    }

    [Fact]
    public void A_raced_tpe_sweep_races_each_round_as_a_heat_and_eliminates_the_same_on_one_or_three_slots()
    {
        var one = new SchedulerFixture();
        one.Submit(Sweep("r1", Raced));
        var trials = Run(one, "r1", 1, reverse: false);
        var run = one.Scheduler.Sweeps["r1"];
        Assert.Equal(9, trials.Count);
        var eliminated = run.Race!.Eliminated.Values.OrderBy(e => e.Trial).Select(e => (e.Trial, e.Round, e.Leader)).ToList();
        // Each heat's eliminations name a leader of the same heat (rounds of 3 trials: 0-2, 3-5, 6-8).
        Assert.NotEmpty(eliminated);
        Assert.All(eliminated, e => Assert.Equal(e.Trial / 3, e.Leader / 3));
        Assert.Contains(eliminated, e => e.Trial >= 3);
        // An eliminated trial's folds after its round were dropped, never run.
        foreach (var (trial, round, _) in eliminated)
            Assert.All(run.JobsOf(trial).Skip(round), j => Assert.Equal(JobStatus.Cancelled, j.Status));

        var three = new SchedulerFixture();
        three.Submit(Sweep("r1", Raced));
        Assert.Equal(trials, Run(three, "r1", 3, reverse: true));
        Assert.Equal(eliminated, three.Scheduler.Sweeps["r1"].Race!.Eliminated.Values.OrderBy(e => e.Trial).Select(e => (e.Trial, e.Round, e.Leader)));
        // The report re-derives the same race from the folds, heat by heat.
        var summary = Crossfold.Core.Search.RacingSummary.Of(run.Results())!;
        Assert.Equal(eliminated.Select(e => (e.Trial, e.Round)), summary.Eliminated.Select(e => (e.Trial, e.Round)));
    }

    static IEnumerable<string> RandomSearchFirst(int count) =>
        Crossfold.Core.Search.RandomSearch.Draw(SweepFileParser.Parse(Yaml, "x.yaml").Definition, count).Select(t => t.Trial.Label);

    [Fact]
    public void A_restore_replays_the_stored_rounds_and_goes_on_as_the_uninterrupted_sweep()
    {
        var whole = new SchedulerFixture();
        whole.Submit(Sweep("t2"));
        var expected = Run(whole, "t2", 1, reverse: false);

        var original = new SchedulerFixture();
        original.Submit(Sweep("t2"));
        var a = Slot("a");
        // Round 0 (6 jobs) and half of round 1, then the coordinator dies.
        for (int i = 0; i < 9; i++)
        {
            var job = Assignments(original.Scheduler.RequestWork(a, original.Now)).Single();
            original.Scheduler.Complete("t2", job.Job.JobId, job.Attempt, Outcome(Score(job.Job)), a.Key, original.Now);
        }
        var stored = original.Scheduler.Sweeps["t2"];
        Assert.Equal(6, stored.Trials.Length);
        var run = new SweepRun(stored.Submission, SweepPlan.Create(stored.Submission.Definition, "t2", "fingerprint", 28, 28), stored.Created);
        run.Restore(id => id < stored.Jobs.Length, state => (state.Status, state.Outcome) = (stored.Jobs[state.Spec.JobId].Status, stored.Jobs[state.Spec.JobId].Outcome));
        Assert.Equal(stored.Trials.Select(t => t.Label), run.Trials.Select(t => t.Label));

        var restored = new SchedulerFixture();
        restored.Scheduler.Restore(run, restored.Now);
        Assert.Equal(expected, Run(restored, "t2", 1, reverse: false));
    }
}
