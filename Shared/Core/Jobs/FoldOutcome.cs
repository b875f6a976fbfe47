using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>
/// What training one fold produced: its final validation evaluation, per-epoch history, and where it ran
/// (node, device, CPU threads). For a refit job, <see cref="Validation"/> is the evaluation on the
/// held-out test split and <see cref="Weights"/> the trained network (TorchSharp's format).
/// </summary>
[MessagePackObject]
public sealed record FoldOutcome(
    [property: Key(0)] Evaluation Validation,
    [property: Key(1)] EpochMetrics[] Epochs,
    [property: Key(2)] int BestEpoch,
    [property: Key(3)] int TrainCount,
    [property: Key(4)] int ValidationCount,
    [property: Key(5)] double Seconds,
    [property: Key(6)] string Node,
    [property: Key(7)] string Device,
    [property: Key(8)] int Threads,
    [property: Key(9)] byte[]? Weights = null);
