using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>One job's record: its place in the sweep (with the inner fold of a nested sweep's inner job, else -1) and its result or final error.</summary>
[MessagePackObject]
public sealed record JobRecord(
    [property: Key(0)] int JobId,
    [property: Key(1)] int TrialIndex,
    [property: Key(2)] int Repeat,
    [property: Key(3)] int Fold,
    [property: Key(4)] int Attempts,
    [property: Key(5)] FoldOutcome? Outcome,
    [property: Key(6)] string? Error,
    [property: Key(7)] int InnerFold = -1);
