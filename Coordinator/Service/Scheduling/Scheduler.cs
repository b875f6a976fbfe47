using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Scheduling;

/// <summary>
/// The coordinator's brain, without any actor in it: the sweeps, the job queue, the leases, the
/// retries, and which slot runs what. Work pulling: a job is only ever handed to a slot that asked for
/// work and holds none, so a node never gets more jobs than it has free slots. Every step takes the
/// current time and returns the <see cref="Effects"/> to carry out, which makes it fully testable.
/// </summary>
public sealed class Scheduler(SchedulerOptions options)
{
    readonly Dictionary<string, SweepRun> _sweeps = new();
    readonly LinkedList<(string SweepId, int JobId)> _queue = new();
    readonly Dictionary<string, SlotState> _slots = new();
    long _waitCounter;

    public IReadOnlyDictionary<string, SweepRun> Sweeps => _sweeps;
    public IReadOnlyDictionary<string, SlotState> Slots => _slots;
    public int QueueLength => _queue.Count;

    /// <summary>Queues every job of a new sweep and hands out what idle slots can take.</summary>
    public (IProtocolMessage Reply, Effects Effects) Submit(SubmitSweep submission, DateTimeOffset now)
    {
        var effects = new Effects();
        if (_sweeps.ContainsKey(submission.SweepId))
            return (Rejected(submission, "", $"a sweep with id '{submission.SweepId}' already exists", conflict: true), effects);
        int active = _sweeps.Values.Count(s => s.State == SweepState.Running);
        if (active >= options.MaxActiveSweeps)
            return (Rejected(submission, "", $"{active} sweeps are already running, the most this coordinator runs at once " +
                $"(--max-active-sweeps {options.MaxActiveSweeps}); wait for one to finish or cancel one, then submit again", conflict: true), effects);
        SweepPlan plan;
        try
        {
            plan = SweepPlan.Create(submission.Definition, submission.SweepId, submission.Dataset.Fingerprint,
                submission.Dataset.Height, submission.Dataset.Width);
        }
        catch (InputException e)
        {
            return (Rejected(submission, e.Field ?? "", e.Message, conflict: false), effects);
        }
        var run = new SweepRun(submission, plan, now);
        Add(run, effects);
        effects.ChangedJobs.AddRange(run.Jobs.Select(j => (run.Id, j.Spec.JobId)));
        Dispatch(now, effects);
        return (new SweepAccepted(run.Id, run.PlannedTrials, run.PlannedJobs), effects);
    }

    static SweepRejected Rejected(SubmitSweep submission, string field, string message, bool conflict) =>
        new(submission.SweepId, [new SweepProblem(field, message)], conflict);

    /// <summary>Takes over a sweep restored from storage: finished jobs stay finished, the rest are queued again.</summary>
    public Effects Restore(SweepRun run, DateTimeOffset now)
    {
        var effects = new Effects();
        foreach (var job in run.AllJobs.Where(j => j.Status == JobStatus.Running))
        {
            job.Status = JobStatus.Queued;
            job.SlotKey = null;
            job.Slot = null;
        }
        run.Recount();
        Add(run, effects);
        if (run.State == SweepState.Running)
        {
            // Eliminations are not stored: replaying the stored folds gives them again, and drops what they left queued.
            Race(run, effects);
            AfterFolds(run, now, effects);
        }
        Dispatch(now, effects);
        return effects;
    }

    void Add(SweepRun run, Effects effects)
    {
        _sweeps[run.Id] = run;
        // A raced sweep runs breadth-first, every trial's fold r before any fold r + 1, so rounds complete early.
        var queued = run.AllJobs.Where(j => j.Status == JobStatus.Queued);
        if (run.Race is not null) queued = queued.OrderBy(j => j.Spec.JobId % run.FoldsPerTrial).ThenBy(j => j.Spec.JobId);
        if (run.State == SweepState.Running)
            foreach (var job in queued)
                _queue.AddLast((run.Id, job.Spec.JobId));
        effects.ChangedSweeps.Add(run.Id);
    }

    /// <summary>
    /// A slot says it is idle: give it a job now, or remember that it waits. A request from a slot we
    /// believe busy crossed our assignment on the wire and is ignored; a job that really vanished is
    /// caught by its lease or by the slot's death.
    /// </summary>
    public Effects RequestWork(SlotInfo slot, DateTimeOffset now)
    {
        var effects = new Effects();
        var state = Touch(slot, now);
        if (state.Running is not null) return effects;
        if (!state.Waiting)
        {
            state.Waiting = true;
            state.WaitingSince = ++_waitCounter;
        }
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>
    /// A heartbeat or epoch from a slot: renews the lease of the attempt that slot holds. Anything else
    /// (a stale attempt, a job the slot does not hold) is refused, and the slot is told to stop it.
    /// </summary>
    public Effects Progress(string sweepId, int jobId, int attempt, string slotKey, Crossfold.Core.Training.EpochMetrics? epoch, DateTimeOffset now)
    {
        var effects = new Effects();
        if (_slots.TryGetValue(slotKey, out var known)) known.LastSeen = now;
        var job = Job(sweepId, jobId);
        if (Holds(job, attempt, slotKey) is string refusal)
        {
            effects.ToSlots.Add((slotKey, new StopJob(sweepId, jobId, attempt)));
            effects.Refusals.Add($"progress of {sweepId}/{jobId} attempt {attempt}: {refusal}");
            return effects;
        }
        job!.LeaseUntil = now + options.Lease;
        if (epoch is not null)
        {
            job.EpochsDone = epoch.Epoch;
            job.LastEpoch = epoch;
            effects.Events.Add(new EpochRecorded(sweepId, jobId, attempt, epoch, job.Spec.Training.Epochs));
        }
        return effects;
    }

    /// <summary>
    /// A fold result. It counts only when the job is running, the attempt is the current one and the
    /// slot that sends it holds the lease: a result for a queued job, an old attempt or another slot's
    /// job is refused, so no peer can fill a sweep with results it was never asked for.
    /// </summary>
    public Effects Complete(string sweepId, int jobId, int attempt, FoldOutcome outcome, string slotKey, DateTimeOffset now)
    {
        var effects = new Effects();
        var job = Job(sweepId, jobId);
        if (Holds(job, attempt, slotKey) is string refusal)
        {
            effects.Refusals.Add($"result of {sweepId}/{jobId} attempt {attempt}: {refusal}");
            return effects;
        }
        var run = _sweeps[sweepId];
        Release(slotKey, sweepId, jobId);
        run.End(job!, JobStatus.Done);
        job!.Outcome = outcome;
        job.Error = null;
        job.SlotKey = null;
        effects.ChangedJobs.Add((sweepId, jobId));
        effects.Events.Add(new FoldRecorded(sweepId, jobId, job.Spec.TrialIndex, job.Spec.Describe(), outcome));
        AfterJobEnded(run, job, now, effects);
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>Null when <paramref name="slotKey"/> holds the lease of <paramref name="attempt"/> of a running job; else why not.</summary>
    static string? Holds(JobState? job, int attempt, string slotKey) => job switch
    {
        null => "no such job",
        { Status: not JobStatus.Running } => $"the job is {job.Status.ToString().ToLowerInvariant()}, not running",
        _ when job.Attempts != attempt => $"the current attempt is {job.Attempts}",
        _ when job.SlotKey != slotKey => "another slot holds this job",
        _ => null,
    };

    /// <summary>A job threw on a slot: try it again elsewhere, or record it as failed after the last retry.</summary>
    public Effects Fail(string sweepId, int jobId, int attempt, string error, string slotKey, DateTimeOffset now)
    {
        var effects = new Effects();
        Release(slotKey, sweepId, jobId);
        var job = Job(sweepId, jobId);
        if (Holds(job, attempt, slotKey) is string refusal)
            effects.Refusals.Add($"failure of {sweepId}/{jobId} attempt {attempt}: {refusal}");
        else
        {
            job!.Error = error;
            Miss(_sweeps[sweepId], job, $"attempt {attempt} failed: {error}", now, effects, failedHere: true);
        }
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>A slot gave a job back without a result (it is shutting down): queue it again, not counted as a miss.</summary>
    public Effects Return(string sweepId, int jobId, int attempt, string reason, string slotKey, DateTimeOffset now)
    {
        var effects = new Effects();
        Release(slotKey, sweepId, jobId);
        if (_slots.TryGetValue(slotKey, out var slot)) slot.Waiting = false;
        var job = Job(sweepId, jobId);
        if (Holds(job, attempt, slotKey) is string refusal)
            effects.Refusals.Add($"return of {sweepId}/{jobId} attempt {attempt}: {refusal}");
        else
            Requeue(_sweeps[sweepId], job!, $"returned by its slot: {reason}", effects);
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>A slot is gone (its node left or its actor stopped): its job goes back to the queue.</summary>
    public Effects SlotLost(string slotKey, string reason, DateTimeOffset now)
    {
        var effects = new Effects();
        if (!_slots.Remove(slotKey, out var slot)) return effects;
        if (slot.Running is var (sweepId, jobId) && Job(sweepId, jobId) is { Status: JobStatus.Running } job && job.SlotKey == slotKey)
            Miss(_sweeps[sweepId], job, reason, now, effects, failedHere: false);
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>Requeues every running job whose lease ran out, and tells its slot to stop it.</summary>
    public Effects ExpireLeases(DateTimeOffset now)
    {
        var effects = new Effects();
        foreach (var run in _sweeps.Values.Where(r => r.State == SweepState.Running))
            foreach (var job in run.AllJobs.Where(j => j.Status == JobStatus.Running && j.LeaseUntil < now).ToList())
            {
                string slotKey = job.SlotKey!;
                effects.ToSlots.Add((slotKey, new StopJob(run.Id, job.Spec.JobId, job.Attempts)));
                Release(slotKey, run.Id, job.Spec.JobId);
                Miss(run, job, $"its lease expired (no word from {job.Slot?.Name} for {options.Lease.TotalSeconds:0} s)", now, effects, failedHere: false);
            }
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>Stops a sweep: queued jobs are dropped, running ones told to stop; finished folds are kept.</summary>
    public (IProtocolMessage Reply, Effects Effects) Cancel(string sweepId, DateTimeOffset now)
    {
        var effects = new Effects();
        if (!_sweeps.TryGetValue(sweepId, out var run)) return (new SweepNotFound(sweepId), effects);
        if (run.State != SweepState.Running) return (new SweepAlreadyEnded(sweepId, run.State), effects);
        int stopped = StopAll(run, effects);
        EndSweep(run, SweepState.Cancelled, now, effects);
        Dispatch(now, effects);
        return (new SweepCancelled(sweepId, stopped), effects);
    }

    /// <summary>
    /// Ends every running sweep whose time budget (search.max_hours) is spent at <paramref name="now"/>, as
    /// <see cref="SweepState.Expired"/>; the coordinator's timer calls it. Every other step checks too, before
    /// it hands out work, so no job of a spent sweep starts between two ticks.
    /// </summary>
    public Effects EndSpentSweeps(DateTimeOffset now)
    {
        var effects = new Effects();
        Dispatch(now, effects);
        return effects;
    }

    /// <summary>
    /// The budget decision: a spent sweep's queued jobs are dropped and its running ones stopped (recorded as
    /// cancelled, as in a cancelled sweep); its finished folds are kept. Running folds are stopped rather than
    /// awaited because the budget is a wall-clock limit: waiting could overrun it by a whole fold.
    /// </summary>
    void EndSpent(DateTimeOffset now, Effects effects)
    {
        foreach (var run in _sweeps.Values.Where(r => r.State == SweepState.Running && r.BudgetSpent(now)).ToList())
        {
            StopAll(run, effects);
            EndSweep(run, SweepState.Expired, now, effects);
        }
    }

    /// <summary>Drops a sweep's queued jobs and stops its running ones, all recorded as cancelled; returns how many were running.</summary>
    int StopAll(SweepRun run, Effects effects)
    {
        int stopped = 0;
        RemoveQueued(run.Id);
        foreach (var job in run.AllJobs)
        {
            if (job.Status == JobStatus.Running && job.SlotKey is string slotKey)
            {
                effects.ToSlots.Add((slotKey, new StopJob(run.Id, job.Spec.JobId, job.Attempts)));
                Release(slotKey, run.Id, job.Spec.JobId);
                stopped++;
            }
            if (job.Status is JobStatus.Queued or JobStatus.Running)
            {
                run.End(job, JobStatus.Cancelled);
                job.SlotKey = null;
                effects.ChangedJobs.Add((run.Id, job.Spec.JobId));
            }
        }
        return stopped;
    }

    void RemoveQueued(string sweepId, Func<int, bool>? jobs = null)
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.SweepId == sweepId && (jobs is null || jobs(node.Value.JobId))) _queue.Remove(node);
            node = next;
        }
    }

    SlotState Touch(SlotInfo info, DateTimeOffset now)
    {
        if (!_slots.TryGetValue(info.Key, out var state)) _slots[info.Key] = state = new SlotState(info);
        state.Info = info;
        state.LastSeen = now;
        return state;
    }

    JobState? Job(string sweepId, int jobId) =>
        _sweeps.TryGetValue(sweepId, out var run) ? run.JobById(jobId) : null;

    void Release(string slotKey, string sweepId, int jobId)
    {
        if (_slots.TryGetValue(slotKey, out var slot) && slot.Running == (sweepId, jobId)) slot.Running = null;
    }

    /// <summary>An attempt ended without a result: retry (first in line, so the sweep ends sooner) or give up.</summary>
    void Miss(SweepRun run, JobState job, string reason, DateTimeOffset now, Effects effects, bool failedHere)
    {
        job.Misses++;
        effects.ChangedJobs.Add((run.Id, job.Spec.JobId));
        if (failedHere && job.SlotKey is string slotKey) job.FailedOn.Add(slotKey);
        job.SlotKey = null;
        if (job.Misses > options.MaxRetries)
        {
            run.End(job, JobStatus.Failed);
            job.Error ??= reason;
            effects.Events.Add(new JobAbandoned(run.Id, job.Spec.JobId, job.Spec.Describe(),
                $"{job.Error} (gave up after {job.Attempts} attempt{(job.Attempts == 1 ? "" : "s")})"));
            AfterJobEnded(run, job, now, effects);
        }
        else
        {
            Requeue(run, job, reason, effects);
        }
    }

    void Requeue(SweepRun run, JobState job, string reason, Effects effects)
    {
        job.Status = JobStatus.Queued;
        job.SlotKey = null;
        job.Slot = null;
        job.EpochsDone = 0;
        job.LastEpoch = null;
        _queue.AddFirst((run.Id, job.Spec.JobId));
        effects.Events.Add(new JobRequeued(run.Id, job.Spec.JobId, reason));
    }

    void AfterJobEnded(SweepRun run, JobState job, DateTimeOffset now, Effects effects)
    {
        // A trial completes with its last outer fold; a nested sweep's inner jobs end later and complete nothing.
        if (job != run.Refit && job.Spec.InnerFold < 0 && run.JobsOf(job.Spec.TrialIndex).All(j => j.Ended))
            effects.Events.Add(new TrialCompleted(run.Id, run.Progress(job.Spec.TrialIndex)));
        if (job != run.Refit) Race(run, effects);
        AfterFolds(run, now, effects);
    }

    /// <summary>
    /// Decides every racing round the finished folds allow and applies the eliminations: the trial's
    /// queued folds are dropped and a running one is stopped; its finished folds stay.
    /// </summary>
    void Race(SweepRun run, Effects effects)
    {
        if (run.Race is null || run.State != SweepState.Running) return;
        foreach (var elimination in run.Race.Advance(run.FoldScore))
        {
            var jobs = run.JobsOf(elimination.Trial);
            RemoveQueued(run.Id, id => id >= jobs.Offset && id < jobs.Offset + jobs.Count);
            int dropped = 0;
            foreach (var job in jobs.Where(j => !j.Ended))
            {
                if (job.Status == JobStatus.Running && job.SlotKey is string slotKey)
                {
                    effects.ToSlots.Add((slotKey, new StopJob(run.Id, job.Spec.JobId, job.Attempts)));
                    Release(slotKey, run.Id, job.Spec.JobId);
                }
                run.End(job, JobStatus.Cancelled);
                job.SlotKey = null;
                effects.ChangedJobs.Add((run.Id, job.Spec.JobId));
                dropped++;
            }
            effects.Events.Add(new TrialEliminated(run.Id, run.Progress(elimination.Trial), elimination.Round, elimination.AdjustedP,
                run.Trials[elimination.Leader].Label, dropped));
        }
    }

    /// <summary>Once every fold has ended: queue the next TPE round, or the refit of the best trial when one is due, else end the sweep.</summary>
    void AfterFolds(SweepRun run, DateTimeOffset now, Effects effects)
    {
        if (!run.FoldsEnded) return;
        if (run.RoundDue)
        {
            // A raced round runs breadth-first too, so its heat decides rounds as early as the first did.
            var jobs = run.AddRound().AsEnumerable();
            if (run.Race is not null) jobs = jobs.OrderBy(j => j.Spec.JobId % run.FoldsPerTrial).ThenBy(j => j.Spec.JobId);
            foreach (var job in jobs)
            {
                _queue.AddLast((run.Id, job.Spec.JobId));
                effects.ChangedJobs.Add((run.Id, job.Spec.JobId));
            }
            effects.ChangedSweeps.Add(run.Id);
            return;
        }
        if (run.Refit is null && run.RefitDue)
        {
            var refit = run.CreateRefit();
            _queue.AddFirst((run.Id, refit.Spec.JobId));
            effects.ChangedJobs.Add((run.Id, refit.Spec.JobId));
            return;
        }
        if (run.AllJobsEnded) EndSweep(run, SweepState.Completed, now, effects);
    }

    void EndSweep(SweepRun run, SweepState state, DateTimeOffset now, Effects effects)
    {
        run.State = state;
        run.Finished = now;
        effects.ChangedSweeps.Add(run.Id);
        effects.Events.Add(new SweepEnded(run.Id, state));
    }

    /// <summary>Hands queued jobs to waiting slots, longest-waiting slot first, once sweeps whose time budget is spent are ended.</summary>
    void Dispatch(DateTimeOffset now, Effects effects)
    {
        EndSpent(now, effects);
        if (_queue.Count == 0) return;
        foreach (var slot in _slots.Values.Where(s => s.Waiting && s.Running is null).OrderBy(s => s.WaitingSince).ToList())
        {
            var next = NextJobFor(slot.Info.Key);
            if (next is null) break;
            var (run, job) = next.Value;
            job.Status = JobStatus.Running;
            job.Attempts++;
            job.SlotKey = slot.Info.Key;
            job.Slot = slot.Info;
            job.Started = now;
            job.LeaseUntil = now + options.Lease;
            job.EpochsDone = 0;
            job.LastEpoch = null;
            slot.Running = (run.Id, job.Spec.JobId);
            slot.Waiting = false;
            effects.ToSlots.Add((slot.Info.Key, new AssignJob(job.Spec, job.Attempts)));
            effects.Events.Add(new JobStarted(run.Id, job.Spec.JobId, job.Attempts, job.Spec.Describe(), slot.Info, job.Spec.Training.Epochs));
        }
    }

    /// <summary>
    /// The first queued job, skipping jobs that already failed on this slot while some other live slot
    /// could still try them.
    /// </summary>
    (SweepRun, JobState)? NextJobFor(string slotKey)
    {
        for (var node = _queue.First; node is not null; node = node.Next)
        {
            var run = _sweeps[node.Value.SweepId];
            var job = run.JobById(node.Value.JobId)!;
            if (job.FailedOn.Contains(slotKey) && _slots.Keys.Any(k => !job.FailedOn.Contains(k))) continue;
            _queue.Remove(node);
            return (run, job);
        }
        return null;
    }
}
