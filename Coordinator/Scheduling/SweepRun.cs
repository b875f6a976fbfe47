using Crossfold.Shared.Protocol;
using Crossfold.Shared.Statistics;
using Crossfold.Shared.Sweeps;

namespace Crossfold.Coordinator.Scheduling;

/// <summary>A submitted sweep as the coordinator tracks it: its plan, every job's state, its own state.</summary>
public sealed class SweepRun
{
    public SweepRun(SubmitSweep submission, SweepPlan plan, DateTimeOffset created)
    {
        Submission = submission;
        Trials = plan.Trials.ToArray();
        Jobs = plan.Jobs.Select(j => new JobState(j)).ToArray();
        Created = created;
    }

    public SubmitSweep Submission { get; }
    public string Id => Submission.SweepId;
    public string Name => Submission.Definition.Name;
    public Trial[] Trials { get; }
    public JobState[] Jobs { get; }
    public SweepState State { get; set; } = SweepState.Running;
    public DateTimeOffset Created { get; }
    public DateTimeOffset? Finished { get; set; }

    public int FoldsPerTrial => Submission.Definition.CrossValidation.K * Submission.Definition.CrossValidation.Repeats;

    public ArraySegment<JobState> JobsOf(int trialIndex) => new(Jobs, trialIndex * FoldsPerTrial, FoldsPerTrial);

    /// <summary>Jobs done, failed for good or cancelled; kept as a count so finishing a job stays O(1).</summary>
    public int EndedJobs { get; private set; }

    public bool AllJobsEnded => EndedJobs == Jobs.Length;

    /// <summary>Moves a job to a final status and counts it.</summary>
    public void End(JobState job, JobStatus status)
    {
        if (!job.Ended) EndedJobs++;
        job.Status = status;
    }

    /// <summary>Recounts ended jobs after the states were set from storage.</summary>
    public void Recount() => EndedJobs = Jobs.Count(j => j.Ended);

    /// <summary>The trial's folds so far, summarised.</summary>
    public TrialProgress Progress(int trialIndex)
    {
        var jobs = JobsOf(trialIndex);
        var done = jobs.Where(j => j.Outcome is not null).Select(j => j.Outcome!).ToList();
        Summary? accuracy = done.Count > 0 ? Summary.Of(done.Select(o => o.Validation.Accuracy).ToList()) : null;
        return new TrialProgress(trialIndex, Trials[trialIndex].Label, done.Count, jobs.Count,
            jobs.Count(j => j.Status == JobStatus.Failed),
            accuracy?.Mean, accuracy?.PopulationStd,
            done.Count > 0 ? done.Average(o => o.Validation.Loss) : null);
    }

    /// <summary>Counts, an ETA from the throughput so far, per-trial progress and running jobs.</summary>
    public SweepStatus Status(DateTimeOffset now)
    {
        int done = Jobs.Count(j => j.Status == JobStatus.Done);
        int failed = Jobs.Count(j => j.Status == JobStatus.Failed);
        int running = Jobs.Count(j => j.Status == JobStatus.Running);
        int queued = Jobs.Count(j => j.Status == JobStatus.Queued);
        double? eta = null;
        if (State == SweepState.Running && done > 0)
            eta = (now - Created).TotalSeconds / done * (queued + running);
        var runningJobs = Jobs.Where(j => j.Status == JobStatus.Running && j.Slot is not null)
            .Select(j => new RunningJob(j.Spec.JobId, j.Spec.Describe(), j.Attempts, j.Slot!, j.EpochsDone,
                j.Spec.Training.Epochs, j.LastEpoch, j.Started))
            .ToArray();
        return new SweepStatus(Id, Name, State, Jobs.Length, done, running, queued, failed, Created, Finished, eta,
            Enumerable.Range(0, Trials.Length).Select(Progress).ToArray(), runningJobs);
    }

    /// <summary>Everything a report needs.</summary>
    public SweepResults Results() => new(Id, Submission.Definition, Submission.Dataset, Trials,
        Jobs.Select(j => new JobRecord(j.Spec.JobId, j.Spec.TrialIndex, j.Spec.Repeat, j.Spec.Fold, j.Attempts, j.Outcome, j.Error)).ToArray(),
        State, Created, Finished, Submission.SourceName, Submission.SourceHash);
}
