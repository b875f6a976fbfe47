using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Protocol.Messages;

// Questions to the coordinator about sweeps and the cluster, and their answers.

/// <summary>Anyone → coordinator: the progress of one sweep (answered with <see cref="SweepStatus"/> or <see cref="SweepNotFound"/>).</summary>
[MessagePackObject]
public sealed record GetSweepStatus([property: Key(0)] string SweepId) : IProtocolMessage;

/// <summary>
/// Anyone → coordinator: the sweeps it knows, newest first, skipping <see cref="Offset"/> and at most
/// <see cref="Limit"/> of them (all when null) (answered with <see cref="SweepList"/>).
/// </summary>
[MessagePackObject]
public sealed record ListSweeps([property: Key(0)] int Offset = 0, [property: Key(1)] int? Limit = null) : IProtocolMessage;

/// <summary>Anyone → coordinator: everything needed to write a sweep's report (answered with <see cref="SweepResultsReady"/> or <see cref="SweepNotFound"/>).</summary>
[MessagePackObject]
public sealed record GetSweepResults([property: Key(0)] string SweepId) : IProtocolMessage;

/// <summary>Anyone → coordinator: the worker slots it knows (answered with <see cref="ClusterView"/>).</summary>
[MessagePackObject]
public sealed record GetCluster : IProtocolMessage;

/// <summary>How far a sweep is: job counts, an estimate of the time left, each trial's running mean, and its time budget's deadline.</summary>
[MessagePackObject]
public sealed record SweepStatus(
    [property: Key(0)] string SweepId,
    [property: Key(1)] string Name,
    [property: Key(2)] SweepState State,
    [property: Key(3)] int Jobs,
    [property: Key(4)] int Done,
    [property: Key(5)] int Running,
    [property: Key(6)] int Queued,
    [property: Key(7)] int Failed,
    [property: Key(8)] DateTimeOffset Created,
    [property: Key(9)] DateTimeOffset? Finished,
    [property: Key(10)] double? EtaSeconds,
    [property: Key(11)] TrialProgress[] Trials,
    [property: Key(12)] RunningJob[] RunningJobs,
    [property: Key(13)] DateTimeOffset? Deadline = null) : IProtocolMessage;

/// <summary>One trial's folds so far: how many, and the mean and population std of their accuracy and loss.</summary>
[MessagePackObject]
public sealed record TrialProgress(
    [property: Key(0)] int TrialIndex,
    [property: Key(1)] string Label,
    [property: Key(2)] int FoldsDone,
    [property: Key(3)] int FoldsTotal,
    [property: Key(4)] int FoldsFailed,
    [property: Key(5)] double? MeanAccuracy,
    [property: Key(6)] double? StdAccuracy,
    [property: Key(7)] double? MeanLoss,
    [property: Key(8)] string? Eliminated = null);

/// <summary>A job being trained right now: where, and how far.</summary>
[MessagePackObject]
public sealed record RunningJob(
    [property: Key(0)] int JobId,
    [property: Key(1)] string Description,
    [property: Key(2)] int Attempt,
    [property: Key(3)] SlotInfo Slot,
    [property: Key(4)] int EpochsDone,
    [property: Key(5)] int Epochs,
    [property: Key(6)] EpochMetrics? LastEpoch,
    [property: Key(7)] DateTimeOffset Started);

/// <summary>The page of sweeps asked for, and how many sweeps the coordinator knows in all.</summary>
[MessagePackObject]
public sealed record SweepList([property: Key(0)] SweepStatus[] Sweeps, [property: Key(1)] int Total) : IProtocolMessage;

/// <summary>Coordinator → asker: the raw material of the sweep's report.</summary>
[MessagePackObject]
public sealed record SweepResultsReady([property: Key(0)] SweepResults Results) : IProtocolMessage;

/// <summary>Anyone → coordinator: the sweep's final model (answered with <see cref="ModelReady"/> or <see cref="SweepNotFound"/>).</summary>
[MessagePackObject]
public sealed record GetModel([property: Key(0)] string SweepId) : IProtocolMessage;

/// <summary>Coordinator → asker: the model file's bytes, or null when the sweep has no final model (yet).</summary>
[MessagePackObject]
public sealed record ModelReady([property: Key(0)] string SweepId, [property: Key(1)] byte[]? ModelFile) : IProtocolMessage;

/// <summary>One worker slot as the coordinator sees it.</summary>
[MessagePackObject]
public sealed record SlotView(
    [property: Key(0)] SlotInfo Slot,
    [property: Key(1)] string? SweepId,
    [property: Key(2)] int? JobId,
    [property: Key(3)] DateTimeOffset LastSeen);

/// <summary>The worker slots the coordinator knows, busy or idle.</summary>
[MessagePackObject]
public sealed record ClusterView([property: Key(0)] SlotView[] Slots) : IProtocolMessage;
