using Crossfold.Core.Jobs;
using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Protocol.Messages;

// The conversation between a worker slot and the sweep coordinator. A slot asks for work when idle;
// the coordinator only ever answers a request, so no slot holds more than one job. Names say who
// speaks: a slot's reports are past tense (WorkRequested, EpochReported, FoldReported, …), the
// coordinator's commands to a slot are imperative (AssignJob, StopJob).

/// <summary>A worker slot: where it is, what it trains on, how many CPU threads it uses and how many slots its node has.</summary>
[MessagePackObject]
public sealed record SlotInfo(
    [property: Key(0)] string Node,
    [property: Key(1)] int Slot,
    [property: Key(2)] string Device,
    [property: Key(3)] string DeviceName,
    [property: Key(4)] long MemoryBytes,
    [property: Key(5)] int Threads,
    [property: Key(6)] int SlotsOnNode,
    [property: Key(7)] string Incarnation)
{
    /// <summary>
    /// Unique key of the slot: its node, index and the incarnation of its worker process, so a worker
    /// restarted on the same address is a new slot and never inherits the old one's jobs.
    /// </summary>
    [IgnoreMember]
    public string Key => $"{Node}#{Slot}/{Incarnation}";

    /// <summary>How people see the slot: "gpu-box-2:4054#1".</summary>
    [IgnoreMember]
    public string Name => $"{Node}#{Slot}";
}

/// <summary>
/// Slot → coordinator: I am idle, give me a job. Re-sent periodically while idle, so a new coordinator
/// learns of every slot. <see cref="SlotInfo"/> describes the slot (device, threads); the coordinator
/// binds the slot's identity to the actor that sent it and replaces the node and incarnation with its own.
/// </summary>
[MessagePackObject]
public sealed record WorkRequested([property: Key(0)] SlotInfo Slot) : IProtocolMessage;

/// <summary>
/// Command, coordinator → slot: train this fold. <see cref="Attempt"/> numbers the tries of this job (1 = first).
/// <see cref="DatasetServer"/> is the coordinator's HTTP API, from which the worker downloads the stored dataset
/// files the job names (sha256:…) that it has not cached yet; null where there is none (`crossfold run`).
/// </summary>
[MessagePackObject]
public sealed record AssignJob([property: Key(0)] JobSpec Job, [property: Key(1)] int Attempt, [property: Key(2)] string? DatasetServer = null) : IProtocolMessage;

/// <summary>Report, slot → coordinator: I am still training this job (renews its lease). The slot is known by who sends it, never by what it says.</summary>
[MessagePackObject]
public sealed record JobHeartbeat(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt) : IProtocolMessage;

/// <summary>Report, slot → coordinator: one epoch of this job finished (renews its lease).</summary>
[MessagePackObject]
public sealed record EpochReported(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt,
    [property: Key(3)] EpochMetrics Metrics) : IProtocolMessage;

/// <summary>Report, slot → coordinator: the job's fold is trained and evaluated; here is its outcome.</summary>
[MessagePackObject]
public sealed record FoldReported(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt,
    [property: Key(3)] FoldOutcome Outcome) : IProtocolMessage;

/// <summary>Report, slot → coordinator: the job threw (bad data, out of memory…); the coordinator may retry it elsewhere.</summary>
[MessagePackObject]
public sealed record JobFailureReported(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt,
    [property: Key(3)] string Error) : IProtocolMessage;

/// <summary>Report, slot → coordinator: I stopped this job without a result (shutting down); queue it again, it did not fail.</summary>
[MessagePackObject]
public sealed record JobHandedBack(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt,
    [property: Key(3)] string Reason) : IProtocolMessage;

/// <summary>Command, coordinator → slot: stop this job (its sweep was cancelled, or another attempt already finished it).</summary>
[MessagePackObject]
public sealed record StopJob(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int Attempt) : IProtocolMessage;
