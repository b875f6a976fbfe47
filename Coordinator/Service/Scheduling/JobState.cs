using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Scheduling;

/// <summary>Where a job is in its life.</summary>
public enum JobStatus { Queued, Running, Done, Failed, Cancelled }

/// <summary>The coordinator's mutable record of one job of a sweep.</summary>
public sealed class JobState(JobSpec spec)
{
    public JobSpec Spec { get; } = spec;
    public JobStatus Status { get; set; } = JobStatus.Queued;

    /// <summary>Number of times the job was handed to a slot; the current attempt's number.</summary>
    public int Attempts { get; set; }

    /// <summary>Attempts that ended without a result (failed, lost or expired), counted against the retry limit.</summary>
    public int Misses { get; set; }

    public string? SlotKey { get; set; }
    public SlotInfo? Slot { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
    public DateTimeOffset Started { get; set; }
    public int EpochsDone { get; set; }
    public EpochMetrics? LastEpoch { get; set; }
    public FoldOutcome? Outcome { get; set; }
    public string? Error { get; set; }

    /// <summary>Slots this job failed on: a retry prefers another.</summary>
    public HashSet<string> FailedOn { get; } = new();

    public bool Ended => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
}
