using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Storage;

/// <summary>
/// Where the coordinator keeps what it must not forget: every sweep's submission and state, and every
/// job's result, final error and retries used. A restarted coordinator rebuilds its sweeps from it.
/// </summary>
public interface ISweepStore : IDisposable
{
    /// <summary>Stores each sweep's row and the jobs it carries (an upsert), all in one transaction.</summary>
    void Save(IReadOnlyList<StoredSweep> changes);

    /// <summary>Every stored sweep with all its jobs, oldest first.</summary>
    IReadOnlyList<StoredSweep> Load();

    /// <summary>Human description for logs, e.g. "SQLite /var/lib/crossfold/crossfold.db".</summary>
    string Description { get; }
}

/// <summary>A sweep as it is (or was) stored: its row, and the rows of some or all of its jobs.</summary>
public sealed record StoredSweep(SubmitSweep Submission, SweepState State, DateTimeOffset Created, DateTimeOffset? Finished, IReadOnlyList<StoredJob> Jobs)
{
    /// <summary>
    /// An immutable snapshot of <paramref name="run"/> with the given jobs, safe to hand to another thread
    /// while the scheduler goes on changing the run. Running jobs are stored as queued: after a restart
    /// they simply run again.
    /// </summary>
    public static StoredSweep Of(SweepRun run, IEnumerable<JobState> jobs) => new(run.Submission, run.State, run.Created, run.Finished,
        jobs.Select(j => new StoredJob(j.Spec.JobId, j.Status == JobStatus.Running ? JobStatus.Queued : j.Status, j.Attempts, j.Misses, j.Outcome, j.Error))
            .ToList());
}

/// <summary>A job's durable state as it is (or was) stored.</summary>
public sealed record StoredJob(int JobId, JobStatus Status, int Attempts, int Misses, FoldOutcome? Outcome, string? Error);
