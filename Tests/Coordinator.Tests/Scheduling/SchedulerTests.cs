using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>The coordinator's scheduling rules, step by step, without actors or sockets.</summary>
public sealed class SchedulerTests
{
    readonly SchedulerFixture _f = new();

    [Fact]
    public void A_job_goes_only_to_a_slot_that_asked_and_one_at_a_time()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var first = Assignments(_f.Scheduler.RequestWork(a, _f.Now));
        Assert.Single(first);
        Assert.Equal(0, first[0].Job.JobId);
        Assert.Equal(1, first[0].Attempt);
        // Asking again while busy (the request crossed the assignment on the wire) gives nothing more.
        Assert.Empty(Assignments(_f.Scheduler.RequestWork(a, _f.Now)));
        Assert.Equal(2, _f.Scheduler.QueueLength);
    }

    [Fact]
    public void A_node_never_holds_more_jobs_than_it_has_slots()
    {
        _f.Submit(Sweep("s1", 5, "seed-mlp-2", "seed-cnn-2"));
        var slots = new[] { Slot("n1", 0, 2), Slot("n1", 1, 2), Slot("n2", 0, 1) };
        for (int round = 0; round < 4; round++)
            foreach (var s in slots) _f.Scheduler.RequestWork(s, _f.Now);
        var running = _f.Scheduler.Slots.Values.Where(s => s.Running is not null).GroupBy(s => s.Info.Node).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, running["n1"]);
        Assert.Equal(1, running["n2"]);
        Assert.Equal(10 - 3, _f.Scheduler.QueueLength);
    }

    [Fact]
    public void Waiting_slots_get_work_as_soon_as_a_sweep_arrives()
    {
        var a = Slot("a");
        var b = Slot("b");
        Assert.True(_f.Scheduler.RequestWork(a, _f.Now).ToSlots.Count == 0);
        _f.Scheduler.RequestWork(b, _f.Now);
        var effects = _f.Submit(Sweep("s1", 3));
        Assert.Single(Assignments(effects, a.Key));
        Assert.Single(Assignments(effects, b.Key));
        Assert.Equal(2, effects.Events.OfType<JobStarted>().Count());
    }

    [Fact]
    public void A_sweep_completes_when_every_fold_has_a_result_and_trials_finish_on_the_way()
    {
        _f.Submit(Sweep("s1", 2, "seed-mlp-2", "seed-cnn-2"));
        var a = Slot("a");
        var events = new List<ISweepEvent>();
        for (int i = 0; i < 4; i++)
        {
            var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
            events.AddRange(_f.Scheduler.Complete("s1", job.Job.JobId, job.Attempt, Outcome(0.9 - 0.1 * job.Job.JobId), a.Key, _f.Now).Events);
        }
        Assert.Equal(4, events.OfType<FoldRecorded>().Count());
        var trials = events.OfType<TrialCompleted>().Select(t => t.Trial).ToList();
        Assert.Equal(2, trials.Count);
        Assert.Equal(0.85, trials[0].MeanAccuracy!.Value, 10);
        Assert.Equal(0.05, trials[0].StdAccuracy!.Value, 10);
        Assert.Equal(SweepState.Completed, events.OfType<SweepEnded>().Single().State);
        Assert.Equal(SweepState.Completed, _f.Scheduler.Sweeps["s1"].State);
        Assert.Empty(Assignments(_f.Scheduler.RequestWork(a, _f.Now)));
    }

    [Fact]
    public void An_expired_lease_requeues_the_job_first_in_line_and_stops_the_silent_slot()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        _f.Now += TimeSpan.FromSeconds(20);
        Assert.Empty(_f.Scheduler.Progress("s1", job.Job.JobId, job.Attempt, a.Key, null, _f.Now).ToSlots); // renewed to +50 s
        _f.Now += TimeSpan.FromSeconds(25);
        Assert.Empty(_f.Scheduler.ExpireLeases(_f.Now).ToSlots);
        _f.Now += TimeSpan.FromSeconds(10);
        var expired = _f.Scheduler.ExpireLeases(_f.Now);
        Assert.Single(Cancellations(expired, a.Key));
        Assert.Contains(expired.Events, e => e is JobRequeued r && r.JobId == job.Job.JobId && r.Reason.Contains("lease expired"));
        var again = Assignments(_f.Scheduler.RequestWork(Slot("b"), _f.Now)).Single();
        Assert.Equal(job.Job.JobId, again.Job.JobId);
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public void A_late_result_of_a_reassigned_job_is_refused_and_the_current_attempt_counts()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var b = Slot("b");
        var first = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        _f.Scheduler.SlotLost(a.Key, "unreachable", _f.Now);
        var second = Assignments(_f.Scheduler.RequestWork(b, _f.Now)).Single();
        Assert.Equal(first.Job.JobId, second.Job.JobId);

        // Node a comes back and delivers the result of an attempt that is no longer the job's.
        var late = _f.Scheduler.Complete("s1", first.Job.JobId, first.Attempt, Outcome(0.8), a.Key, _f.Now);
        Assert.Empty(late.Events);
        Assert.Empty(late.ChangedJobs);
        Assert.Contains("current attempt is 2", Assert.Single(late.Refusals));
        var current = _f.Scheduler.Complete("s1", second.Job.JobId, second.Attempt, Outcome(0.8), b.Key, _f.Now);
        Assert.Single(current.Events.OfType<FoldRecorded>());
        Assert.Equal(1, _f.Scheduler.Sweeps["s1"].Jobs.Count(j => j.Status == JobStatus.Done));
    }

    [Fact]
    public void After_a_partition_heals_the_slots_result_for_the_attempt_given_up_is_refused_and_its_rerun_counts_once()
    {
        _f.Submit(Sweep("s1", 2));
        var a = Slot("a");
        var first = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        _f.Scheduler.SlotLost(a.Key, "its worker node became unreachable", _f.Now);

        // The network heals before anyone is downed: the same slot finishes the attempt it held and reports it.
        var late = _f.Scheduler.Complete("s1", first.Job.JobId, first.Attempt, Outcome(0.8), a.Key, _f.Now);
        Assert.Empty(late.Events);
        Assert.Contains("not running", Assert.Single(late.Refusals));
        var rerun = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        Assert.Equal((first.Job.JobId, 2), (rerun.Job.JobId, rerun.Attempt));
        Assert.Single(_f.Scheduler.Complete("s1", rerun.Job.JobId, rerun.Attempt, Outcome(0.8), a.Key, _f.Now).Events.OfType<FoldRecorded>());

        // A copy of the old result arriving even later changes nothing either.
        Assert.Empty(_f.Scheduler.Complete("s1", first.Job.JobId, first.Attempt, Outcome(0.8), a.Key, _f.Now).Events);
        Assert.Equal(1, _f.Scheduler.Sweeps["s1"].Jobs.Count(j => j.Status == JobStatus.Done));
    }

    [Fact]
    public void Results_for_queued_jobs_other_slots_jobs_or_wrong_attempts_change_nothing()
    {
        _f.Submit(Sweep("s1", 4));
        var a = Slot("a");
        var rogue = Slot("rogue");
        var held = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        _f.Scheduler.RequestWork(rogue, _f.Now); // the rogue slot asked for work and holds a job of its own
        var run = _f.Scheduler.Sweeps["s1"];
        var queued = run.Jobs.First(j => j.Status == JobStatus.Queued).Spec.JobId;

        var attempts = new[]
        {
            _f.Scheduler.Complete("s1", queued, 1, Outcome(0.999), rogue.Key, _f.Now),              // a job nobody runs
            _f.Scheduler.Complete("s1", queued, 99, Outcome(0.999), rogue.Key, _f.Now),
            _f.Scheduler.Complete("s1", held.Job.JobId, held.Attempt, Outcome(0.999), rogue.Key, _f.Now), // a's job, right attempt
            _f.Scheduler.Complete("s1", held.Job.JobId, 99, Outcome(0.999), a.Key, _f.Now),           // a's job, wrong attempt
            _f.Scheduler.Complete("nope", 0, 1, Outcome(0.999), a.Key, _f.Now),
        };
        Assert.All(attempts, e =>
        {
            Assert.Empty(e.Events);
            Assert.Empty(e.ChangedJobs);
            Assert.Single(e.Refusals);
        });
        Assert.Equal(0, run.Jobs.Count(j => j.Status == JobStatus.Done));
        Assert.Equal(JobStatus.Running, run.Jobs[held.Job.JobId].Status);
        Assert.Empty(_f.Scheduler.Fail("s1", held.Job.JobId, held.Attempt, "forged", rogue.Key, _f.Now).Events);
        Assert.Empty(_f.Scheduler.Return("s1", held.Job.JobId, held.Attempt, "forged", rogue.Key, _f.Now).Events);
        Assert.Equal(JobStatus.Running, run.Jobs[held.Job.JobId].Status);
        Assert.Equal(0, run.Jobs[held.Job.JobId].Misses);

        // The slot that holds the job still delivers it.
        Assert.Single(_f.Scheduler.Complete("s1", held.Job.JobId, held.Attempt, Outcome(0.9), a.Key, _f.Now).Events.OfType<FoldRecorded>());
    }

    [Fact]
    public void A_failing_job_is_retried_on_another_slot_then_recorded_as_failed_and_the_sweep_still_completes()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var b = Slot("b");
        var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        var other = Assignments(_f.Scheduler.RequestWork(b, _f.Now)).Single();
        _f.Scheduler.Fail("s1", job.Job.JobId, job.Attempt, "CUDA out of memory", a.Key, _f.Now);
        // The failed job is first in line again, but slot a skips it while slot b could still try it.
        var next = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        Assert.NotEqual(job.Job.JobId, next.Job.JobId);
        _f.Scheduler.Complete("s1", other.Job.JobId, other.Attempt, Outcome(0.9), b.Key, _f.Now);
        var retry = Assignments(_f.Scheduler.RequestWork(b, _f.Now)).Single();
        Assert.Equal((job.Job.JobId, 2), (retry.Job.JobId, retry.Attempt));

        _f.Scheduler.Fail("s1", retry.Job.JobId, retry.Attempt, "CUDA out of memory", b.Key, _f.Now);
        _f.Scheduler.Complete("s1", next.Job.JobId, next.Attempt, Outcome(0.8), a.Key, _f.Now);
        var third = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single(); // every slot failed it once: anyone may try
        Assert.Equal((job.Job.JobId, 3), (third.Job.JobId, third.Attempt));
        var end = _f.Scheduler.Fail("s1", third.Job.JobId, third.Attempt, "CUDA out of memory", a.Key, _f.Now);

        var gaveUp = end.Events.OfType<JobAbandoned>().Single();
        Assert.Contains("CUDA out of memory", gaveUp.Error);
        Assert.Contains("3 attempts", gaveUp.Error);
        Assert.Equal(SweepState.Completed, end.Events.OfType<SweepEnded>().Single().State);
        var results = _f.Scheduler.Sweeps["s1"].Results();
        Assert.Equal("CUDA out of memory", results.Jobs[job.Job.JobId].Error);
        Assert.Null(results.Jobs[job.Job.JobId].Outcome);
        Assert.Equal(2, results.Jobs.Count(j => j.Outcome is not null));
    }

    [Fact]
    public void A_lost_slot_gives_its_job_back_to_the_queue()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        var lost = _f.Scheduler.SlotLost(a.Key, "its worker node left the cluster", _f.Now);
        Assert.Contains(lost.Events, e => e is JobRequeued r && r.JobId == job.Job.JobId);
        Assert.DoesNotContain(a.Key, _f.Scheduler.Slots.Keys);
        Assert.Equal(3, _f.Scheduler.QueueLength);
    }

    [Fact]
    public void A_returned_job_is_requeued_without_using_a_retry_and_the_slot_gets_nothing_more()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        var returned = _f.Scheduler.Return("s1", job.Job.JobId, job.Attempt, "shutting down", a.Key, _f.Now);
        Assert.Empty(Assignments(returned));
        Assert.Equal(0, _f.Scheduler.Sweeps["s1"].Jobs[job.Job.JobId].Misses);
        Assert.Equal(JobStatus.Queued, _f.Scheduler.Sweeps["s1"].Jobs[job.Job.JobId].Status);
    }

    [Fact]
    public void A_heartbeat_for_a_stale_attempt_tells_the_slot_to_stop()
    {
        _f.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        var stale = _f.Scheduler.Progress("s1", job.Job.JobId, job.Attempt + 5, a.Key, null, _f.Now);
        Assert.Single(Cancellations(stale, a.Key));
    }

    [Fact]
    public void Cancelling_stops_running_jobs_drops_queued_ones_and_keeps_finished_folds()
    {
        _f.Submit(Sweep("s1", 4));
        var a = Slot("a");
        var b = Slot("b");
        var done = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        _f.Scheduler.Complete("s1", done.Job.JobId, done.Attempt, Outcome(0.7), a.Key, _f.Now);
        _f.Scheduler.RequestWork(a, _f.Now);
        _f.Scheduler.RequestWork(b, _f.Now);

        var (reply, effects) = _f.Scheduler.Cancel("s1", _f.Now);
        Assert.Equal(2, Assert.IsType<SweepCancelled>(reply).JobsStopped);
        Assert.Equal(2, Cancellations(effects).Count);
        Assert.Equal(SweepState.Cancelled, effects.Events.OfType<SweepEnded>().Single().State);
        Assert.Equal(0, _f.Scheduler.QueueLength);
        Assert.Single(_f.Scheduler.Sweeps["s1"].Results().Jobs, j => j.Outcome is not null);

        Assert.IsType<SweepAlreadyEnded>(_f.Scheduler.Cancel("s1", _f.Now).Reply);
        Assert.IsType<SweepNotFound>(_f.Scheduler.Cancel("nope", _f.Now).Reply);
    }

    [Fact]
    public void A_second_sweep_with_the_same_id_is_rejected_and_changes_nothing()
    {
        _f.Submit(Sweep("s1", 3));
        var (reply, effects) = _f.Scheduler.Submit(Sweep("s1", 5), _f.Now);
        Assert.Contains("already exists", Assert.IsType<SweepRejected>(reply).Problems.Single().Message);
        Assert.True(effects.IsEmpty);
        Assert.Equal(3, _f.Scheduler.Sweeps["s1"].Jobs.Length);
    }

    [Fact]
    public void A_restored_sweep_keeps_finished_folds_and_queues_the_rest()
    {
        var original = new SchedulerFixture();
        original.Submit(Sweep("s1", 3));
        var a = Slot("a");
        var job = Assignments(original.Scheduler.RequestWork(a, original.Now)).Single();
        original.Scheduler.Complete("s1", job.Job.JobId, job.Attempt, Outcome(0.75), a.Key, original.Now);
        Assignments(original.Scheduler.RequestWork(a, original.Now)).Single(); // a second job is running when the coordinator dies

        var run = original.Scheduler.Sweeps["s1"];
        var restored = new SchedulerFixture();
        var effects = restored.Scheduler.Restore(run, restored.Now);
        Assert.Equal(2, restored.Scheduler.QueueLength);
        Assert.Contains("s1", effects.ChangedSweeps);
        Assert.Equal(1, restored.Scheduler.Sweeps["s1"].Jobs.Count(j => j.Status == JobStatus.Done));
    }

    [Fact]
    public void A_restored_sweep_whose_jobs_all_ended_is_completed_not_left_running()
    {
        var original = new SchedulerFixture();
        original.Submit(Sweep("s1", 2));
        var a = Slot("a");
        for (int i = 0; i < 2; i++)
        {
            var job = Assignments(original.Scheduler.RequestWork(a, original.Now)).Single();
            original.Scheduler.Complete("s1", job.Job.JobId, job.Attempt, Outcome(0.75), a.Key, original.Now);
        }
        var run = original.Scheduler.Sweeps["s1"];
        run.State = SweepState.Running; // the coordinator died after storing the last fold, before storing the sweep's end

        var restored = new SchedulerFixture();
        var effects = restored.Scheduler.Restore(run, restored.Now);
        Assert.Equal(SweepState.Completed, restored.Scheduler.Sweeps["s1"].State);
        Assert.Contains(effects.Events, e => e is SweepEnded { State: SweepState.Completed });
    }

    [Fact]
    public void Status_reports_counts_running_jobs_and_an_eta_from_throughput()
    {
        _f.Submit(Sweep("s1", 4));
        var a = Slot("a");
        var job = Assignments(_f.Scheduler.RequestWork(a, _f.Now)).Single();
        _f.Now += TimeSpan.FromSeconds(10);
        _f.Scheduler.Complete("s1", job.Job.JobId, job.Attempt, Outcome(0.7), a.Key, _f.Now);
        _f.Scheduler.RequestWork(a, _f.Now);
        var status = _f.Scheduler.Sweeps["s1"].Status(_f.Now);
        Assert.Equal((4, 1, 1, 2, 0), (status.Jobs, status.Done, status.Running, status.Queued, status.Failed));
        Assert.Equal(30, status.EtaSeconds!.Value, 6); // 10 s per job so far, 3 to go
        Assert.Equal(a.Name, status.RunningJobs.Single().Slot.Name);
    }
}
