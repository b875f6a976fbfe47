using Crossfold.Shared.Data;
using Crossfold.Shared.Folds;
using Crossfold.Shared.Models;
using Crossfold.Shared.Noise;
using Crossfold.Shared.Training;
using MessagePack;

namespace Crossfold.Shared.Protocol;

/// <summary>
/// Everything a worker needs to train and evaluate one fold of one trial, and no image: the worker
/// loads the dataset itself (checking <see cref="DatasetFingerprint"/>), rebuilds the fold from
/// (<see cref="CrossValidation"/>, <see cref="FoldSeed"/>, <see cref="Repeat"/>, <see cref="Fold"/>) and
/// regenerates the noise from <see cref="NoiseSeed"/>. A <see cref="Refit"/> job instead trains on the
/// whole training split and evaluates on the held-out test split (the sweep's final model).
/// </summary>
[MessagePackObject]
public sealed record JobSpec(
    [property: Key(0)] string SweepId,
    [property: Key(1)] int JobId,
    [property: Key(2)] int TrialIndex,
    [property: Key(3)] string TrialLabel,
    [property: Key(4)] DatasetSpec Dataset,
    [property: Key(5)] string DatasetFingerprint,
    [property: Key(6)] CrossValidationSpec CrossValidation,
    [property: Key(7)] ulong FoldSeed,
    [property: Key(8)] int Repeat,
    [property: Key(9)] int Fold,
    [property: Key(10)] NoiseSpec Noise,
    [property: Key(11)] ulong NoiseSeed,
    [property: Key(12)] ArchitectureSpec Architecture,
    [property: Key(13)] TrainingSettings Training,
    [property: Key(14)] ulong TrainSeed,
    [property: Key(15)] bool Refit = false)
{
    /// <summary>"trial 3, fold 2/5" (plus the repeat when there are several); "…, refit on all training images" for the final model.</summary>
    public string Describe() => Refit
        ? $"{TrialLabel}, refit on all training images"
        : CrossValidation.Repeats > 1
            ? $"{TrialLabel}, repeat {Repeat + 1}, fold {Fold + 1}/{CrossValidation.K}"
            : $"{TrialLabel}, fold {Fold + 1}/{CrossValidation.K}";
}

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
