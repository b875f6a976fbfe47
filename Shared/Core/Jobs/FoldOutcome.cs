using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>
/// What training one fold produced: the evaluation on its test part (scored once, after training),
/// per-epoch history, how many images trained, chose the epoch and scored, and where it ran (node,
/// device, CPU threads). For a refit job,
/// <see cref="Test"/> is the evaluation on the held-out test split and <see cref="Weights"/> the trained
/// network (TorchSharp's format).
/// </summary>
/// <param name="Test">The trained model on the fold's test part: the fold's score.</param>
/// <param name="BestEpoch">The epoch of lowest loss on the validation split (whose weights the model ends with when early stopping restores them); the last epoch without a validation split.</param>
/// <param name="TrainCount">Images the model trained on (the fold's training part less its validation set).</param>
/// <param name="TestCount">Images of the test part.</param>
/// <param name="ValidationCount">Images of the validation set carved out of the training part (0 without one).</param>
/// <param name="WeightsSha256">SHA-256 (hex) of the trained weights as TorchSharp saves them: equal hashes mean bit-identical models.</param>
/// <param name="CrossNoise">The trained model on the same test part under each of the job's <see cref="JobSpec.CrossNoise"/> noises, in that order; null without them.</param>
/// <param name="CpuIsa">On a CPU, the instruction set libtorch ran with ("avx512", "avx2 pinned", see <see cref="Training.CpuIsa"/>); empty on a GPU.</param>
/// <param name="Gallery">The fold's most confident mistakes and correct examples on its test part, for the report's error gallery (key 14; null for a refit job).</param>
[MessagePackObject]
public sealed record FoldOutcome(
    [property: Key(0)] Evaluation Test,
    [property: Key(1)] EpochMetrics[] Epochs,
    [property: Key(2)] int BestEpoch,
    [property: Key(3)] int TrainCount,
    [property: Key(4)] int TestCount,
    [property: Key(5)] double Seconds,
    [property: Key(6)] string Node,
    [property: Key(7)] string Device,
    [property: Key(8)] int Threads,
    [property: Key(9)] byte[]? Weights = null,
    [property: Key(10)] int ValidationCount = 0,
    [property: Key(11)] string WeightsSha256 = "",
    [property: Key(12)] string CpuIsa = "",
    [property: Key(13)] CrossNoiseScore[]? CrossNoise = null,
    [property: Key(14)] FoldGallery? Gallery = null);
