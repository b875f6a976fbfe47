using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Protocol.Messages;

// Live progress: the coordinator tells subscribers what happens, as it happens. Events are named for
// what the coordinator recorded (JobStarted, EpochRecorded, FoldRecorded, JobRequeued, JobAbandoned,
// TrialCompleted, TrialEliminated, SweepEnded), never like the slot reports they may follow.

/// <summary>Something that happened to a sweep (for progress bars and server-sent events).</summary>
/// <remarks>A closed union so <see cref="NumberedSweepEvent"/> can carry any of them by a fixed key, never by a type name the sender chooses.</remarks>
[Union(0, typeof(JobStarted))]
[Union(1, typeof(EpochRecorded))]
[Union(2, typeof(FoldRecorded))]
[Union(3, typeof(JobRequeued))]
[Union(4, typeof(JobAbandoned))]
[Union(5, typeof(TrialCompleted))]
[Union(6, typeof(TrialEliminated))]
[Union(7, typeof(SweepEnded))]
public interface ISweepEvent : IProtocolMessage
{
    string SweepId { get; }
}

/// <summary>
/// Where an event stands in its sweep's history: the coordinator incarnation that numbered it (a new one
/// after every restart or singleton move) and its place in that sweep's events (1, 2, …) under that incarnation.
/// </summary>
[MessagePackObject]
public sealed record SweepEventId([property: Key(0)] string Incarnation, [property: Key(1)] long Sequence);

/// <summary>
/// Subscriber → coordinator: send me the events of this sweep (or of all sweeps when null) until I stop or
/// unsubscribe; with <see cref="ResumeAfter"/>, first the sweep's events after that one, if the coordinator still has them.
/// </summary>
[MessagePackObject]
public sealed record SubscribeToSweeps([property: Key(0)] string? SweepId, [property: Key(1)] SweepEventId? ResumeAfter = null) : IProtocolMessage;

/// <summary>
/// Coordinator → subscriber: you are subscribed; every event from now on reaches you. <see cref="Last"/> is the
/// sweep's newest event id (sequence 0 before its first; null for all sweeps); <see cref="Resumed"/> says the
/// events after <see cref="SubscribeToSweeps.ResumeAfter"/> follow before any new one.
/// </summary>
[MessagePackObject]
public sealed record SubscriptionConfirmed([property: Key(0)] string? SweepId, [property: Key(1)] SweepEventId? Last = null,
    [property: Key(2)] bool Resumed = false) : IProtocolMessage;

/// <summary>Coordinator → subscriber: one sweep event with its id, so a client that reconnects can say what it saw last.</summary>
[MessagePackObject]
public sealed record NumberedSweepEvent([property: Key(0)] SweepEventId Id, [property: Key(1)] ISweepEvent Event) : IProtocolMessage;

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
