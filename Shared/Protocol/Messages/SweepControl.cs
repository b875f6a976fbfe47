using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using MessagePack;

namespace Crossfold.Protocol.Messages;

// The conversation between whoever submits sweeps (the local run, the HTTP API) and the coordinator.

/// <summary>Submitter → coordinator: run this validated sweep. The coordinator expands it into jobs.</summary>
[MessagePackObject]
public sealed record SubmitSweep(
    [property: Key(0)] string SweepId,
    [property: Key(1)] SweepDefinition Definition,
    [property: Key(2)] DatasetFacts Dataset,
    [property: Key(3)] string SourceName,
    [property: Key(4)] string SourceText,
    [property: Key(5)] string SourceHash) : IProtocolMessage;

/// <summary>Coordinator → submitter: the sweep is queued with this many trials and jobs.</summary>
[MessagePackObject]
public sealed record SweepAccepted([property: Key(0)] string SweepId, [property: Key(1)] int Trials, [property: Key(2)] int Jobs) : IProtocolMessage;

/// <summary>Coordinator → submitter: the sweep was not queued, and why; nothing of it was kept.</summary>
/// <param name="Conflict">True when the sweep itself is fine and the coordinator's state refused it (its id exists, too many sweeps run); false when the sweep is wrong.</param>
[MessagePackObject]
public sealed record SweepRejected(
    [property: Key(0)] string SweepId,
    [property: Key(1)] SweepProblem[] Problems,
    [property: Key(2)] bool Conflict) : IProtocolMessage;

/// <summary>One reason a sweep was refused: the sweep-file field at fault (empty for the sweep as a whole) and what is wrong.</summary>
[MessagePackObject]
public sealed record SweepProblem([property: Key(0)] string Field, [property: Key(1)] string Message);

/// <summary>Anyone → coordinator: stop this sweep and its running jobs.</summary>
[MessagePackObject]
public sealed record CancelSweep([property: Key(0)] string SweepId) : IProtocolMessage;

/// <summary>Coordinator → canceller: the sweep is cancelled; finished folds are kept.</summary>
[MessagePackObject]
public sealed record SweepCancelled([property: Key(0)] string SweepId, [property: Key(1)] int JobsStopped) : IProtocolMessage;

/// <summary>Coordinator → asker: the sweep had already ended (in <see cref="State"/>), nothing changed.</summary>
[MessagePackObject]
public sealed record SweepAlreadyEnded([property: Key(0)] string SweepId, [property: Key(1)] SweepState State) : IProtocolMessage;

/// <summary>Coordinator → asker: no sweep has this id.</summary>
[MessagePackObject]
public sealed record SweepNotFound([property: Key(0)] string SweepId) : IProtocolMessage;
