using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Search;
using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// A sweep file after parsing and validation: what to cross-validate. Trials are the product
/// architectures x noise settings x hyperparameter combinations; jobs are trials x repeats x folds.
/// <see cref="ExplicitOptimizer"/> is true when the file named <c>training.optimizer</c>: only then does
/// <see cref="TrainingSettings.Optimizer"/> override each preset's own optimizer. <see cref="NoiseRedraw"/> says
/// whether each repeat draws its own noise. <see cref="EvaluationNoise"/> (<c>evaluate.noise</c>) lists the noises every
/// fold's trained model is also scored under on its test fold (null for none), drawn anew per repeat with
/// <see cref="EvaluationRedraw"/> per_repeat.
/// </summary>
[MessagePackObject]
public sealed record SweepDefinition(
    [property: Key(0)] string Name,
    [property: Key(1)] ulong Seed,
    [property: Key(2)] DatasetSpec Dataset,
    [property: Key(3)] NoiseSpec[] Noise,
    [property: Key(4)] CrossValidationSpec CrossValidation,
    [property: Key(5)] ArchitectureSpec[] Architectures,
    [property: Key(6)] TrainingSettings Training,
    [property: Key(7)] HyperparameterAxis[] Hyperparameters,
    [property: Key(8)] bool Refit = false,
    [property: Key(9)] bool ExplicitOptimizer = false,
    [property: Key(10)] SearchSpec? Search = null,
    [property: Key(11)] NoiseRedraw NoiseRedraw = NoiseRedraw.PerSweep,
    [property: Key(12)] NoiseSpec[]? EvaluationNoise = null,
    [property: Key(13)] NoiseRedraw EvaluationRedraw = NoiseRedraw.PerSweep);

/// <summary>
/// One hyperparameter swept over, e.g. learning_rate: [0.001, 0.0003]. Values are kept as the sweep
/// file wrote them (invariant culture) and applied to <see cref="TrainingSettings"/> by name.
/// A random search may give a distribution to draw from instead of values (then <see cref="Values"/> is empty).
/// </summary>
[MessagePackObject]
public sealed record HyperparameterAxis(
    [property: Key(0)] string Name,
    [property: Key(1)] string[] Values,
    [property: Key(2)] Distribution? Distribution = null);

/// <summary>One point of the sweep: an architecture trained with given settings on data with given noise.</summary>
[MessagePackObject]
public sealed record Trial(
    [property: Key(0)] int Index,
    [property: Key(1)] ArchitectureSpec Architecture,
    [property: Key(2)] NoiseSpec Noise,
    [property: Key(3)] TrainingSettings Training,
    [property: Key(4)] string Hyperparameters)
{
    /// <summary>"seed-cnn-5 | gaussian sigma=0.5 | lr=0.001": unique within a sweep.</summary>
    [IgnoreMember]
    public string Label => Hyperparameters.Length == 0
        ? $"{Architecture.Name} | {Noise}"
        : $"{Architecture.Name} | {Noise} | {Hyperparameters}";
}
