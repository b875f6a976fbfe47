using Crossfold.Coordinator.Scheduling;
using Crossfold.Shared.Protocol;

namespace Crossfold.Coordinator.Storage;

/// <summary>
/// Where the coordinator keeps what it must not forget: every sweep's submission and state, and every
/// job's result, final error and retries used. A restarted coordinator rebuilds its sweeps from it.
/// </summary>
public interface ISweepStore : IDisposable
{
    /// <summary>Stores the sweep's row and the given jobs' rows in one transaction.</summary>
    void Save(SweepRun run, IEnumerable<JobState> jobs);

    /// <summary>Every stored sweep, oldest first.</summary>
    IReadOnlyList<StoredSweep> Load();

    /// <summary>Human description for logs, e.g. "SQLite /var/lib/crossfold/crossfold.db".</summary>
    string Description { get; }
}

/// <summary>A sweep as it was stored.</summary>
public sealed record StoredSweep(SubmitSweep Submission, SweepState State, DateTimeOffset Created, DateTimeOffset? Finished, IReadOnlyList<StoredJob> Jobs);

/// <summary>A job's durable state as it was stored.</summary>
public sealed record StoredJob(int JobId, JobStatus Status, int Attempts, int Misses, FoldOutcome? Outcome, string? Error);
