using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Protocol.Messages;

// Live progress: the coordinator tells subscribers what happens, as it happens. Events are named for
// what the coordinator recorded (JobStarted, EpochRecorded, FoldRecorded, JobRequeued, JobAbandoned,
// TrialCompleted, TrialEliminated, SweepEnded), never like the slot reports they may follow.

/// <summary>Something that happened to a sweep (for progress bars and server-sent events).</summary>
public interface ISweepEvent : IProtocolMessage
{
    string SweepId { get; }
}

/// <summary>Subscriber → coordinator: send me the events of this sweep (or of all sweeps when null) until I stop or unsubscribe.</summary>
[MessagePackObject]
public sealed record SubscribeToSweeps([property: Key(0)] string? SweepId) : IProtocolMessage;

/// <summary>Coordinator → subscriber: you are subscribed; every event from now on reaches you.</summary>
[MessagePackObject]
public sealed record SubscriptionConfirmed([property: Key(0)] string? SweepId) : IProtocolMessage;

/// <summary>Subscriber → coordinator: stop sending me events.</summary>
[MessagePackObject]
public sealed record UnsubscribeFromSweeps : IProtocolMessage;

/// <summary>A job was handed to a slot.</summary>
[MessagePackObject]
public sealed record JobStarted(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt,
    [property: Key(3)] string Description,
    [property: Key(4)] SlotInfo Slot,
    [property: Key(5)] int Epochs) : ISweepEvent;

/// <summary>A running job's epoch was recorded.</summary>
[MessagePackObject]
public sealed record EpochRecorded(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt,
    [property: Key(3)] EpochMetrics Metrics,
    [property: Key(4)] int Epochs) : ISweepEvent;

/// <summary>A job's fold outcome was recorded (from the slot holding its current attempt; nothing else is recorded).</summary>
[MessagePackObject]
public sealed record FoldRecorded(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int TrialIndex,
    [property: Key(3)] string Description,
    [property: Key(4)] FoldOutcome Outcome) : ISweepEvent;

/// <summary>A job went back to the queue (its worker left, its lease ran out, or it failed and will be retried).</summary>
[MessagePackObject]
public sealed record JobRequeued(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] string Reason) : ISweepEvent;

/// <summary>A job failed for good after its last allowed attempt; the sweep goes on without it.</summary>
[MessagePackObject]
public sealed record JobAbandoned(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] string Description,
    [property: Key(3)] string Error) : ISweepEvent;

/// <summary>Every fold of a trial has ended; its summary so far is final.</summary>
[MessagePackObject]
public sealed record TrialCompleted(
    [property: Key(0)] string SweepId,
    [property: Key(1)] TrialProgress Trial) : ISweepEvent;

/// <summary>
/// Racing eliminated a trial: it was significantly worse than the leader on folds 1..<see cref="Round"/>
/// (Holm-adjusted p-value <see cref="AdjustedP"/>). Its queued folds were dropped and a running one
/// stopped (<see cref="FoldsDropped"/> in all); its finished folds stay in the results.
/// </summary>
[MessagePackObject]
public sealed record TrialEliminated(
    [property: Key(0)] string SweepId,
    [property: Key(1)] TrialProgress Trial,
    [property: Key(2)] int Round,
    [property: Key(3)] double AdjustedP,
    [property: Key(4)] string Leader,
    [property: Key(5)] int FoldsDropped) : ISweepEvent;

/// <summary>The sweep ended: completed, cancelled, or expired (its time budget ran out).</summary>
[MessagePackObject]
public sealed record SweepEnded(
    [property: Key(0)] string SweepId,
    [property: Key(1)] SweepState State) : ISweepEvent;
