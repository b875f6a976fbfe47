using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>
/// Everything a worker needs to train and evaluate one fold of one trial, and no image: the worker
/// loads the dataset itself (checking <see cref="DatasetFingerprint"/>), rebuilds the fold from
/// (<see cref="CrossValidation"/>, <see cref="FoldSeed"/>, <see cref="Repeat"/>, <see cref="Fold"/>) and
/// regenerates the noise from <see cref="NoiseSeed"/>. A <see cref="Refit"/> job instead trains on the
/// whole training split and evaluates on the held-out test split (the sweep's final model).
/// <see cref="CrossNoise"/> lists the noises (<c>evaluate.noise</c>) the trained model is also scored under on
/// its test fold; empty or null for none, always for a refit and an inner job.
/// With <see cref="InnerFold"/> of 0 or more the job is an inner job of nested cross-validation: it trains and scores on
/// inner fold InnerFold of outer fold <see cref="Fold"/> (see <see cref="NestedFolds"/>); -1 for every other job.
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
    [property: Key(15)] bool Refit = false,
    [property: Key(16)] CrossNoiseSpec[]? CrossNoise = null,
    [property: Key(17)] int InnerFold = -1)
{
    /// <summary>
    /// "trial 3, fold 2/5" (plus the repeat when there are several, and the inner fold of an inner job);
    /// "…, refit on all training images" for the final model.
    /// </summary>
    public string Describe() => Refit
        ? $"{TrialLabel}, refit on all training images"
        : $"{TrialLabel}, {(CrossValidation.Repeats > 1 ? $"repeat {Repeat + 1}, " : "")}fold {Fold + 1}/{CrossValidation.K}" +
          (InnerFold >= 0 ? $", inner fold {InnerFold + 1}/{CrossValidation.InnerK}" : "");
}
