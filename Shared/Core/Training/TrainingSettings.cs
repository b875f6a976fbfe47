using MessagePack;

namespace Crossfold.Core.Training;

/// <summary>The optimizers a trial can train with (Keras defaults for their constants).</summary>
public enum OptimizerKind
{
    Adam = 0,
    RmsProp = 1,
    /// <summary>Stochastic gradient descent with momentum (<see cref="TrainingSettings.Momentum"/>).</summary>
    Sgd = 2,
}

/// <summary>The arithmetic a fold trains in.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32 (the seed notebook's, and the default).</summary>
    Float32 = 0,
    /// <summary>
    /// bfloat16 autocast: convolutions and dense layers compute in bfloat16, weights, optimizer and loss stay
    /// float32. About twice as fast on CPUs with AVX-512 BF16 or AMX; accuracy is checked in BENCHMARKS.md.
    /// </summary>
    BFloat16 = 1,
}

/// <summary>How one fold is trained: the hyperparameters of a trial. Device and threads are not here: they belong to the worker slot.</summary>
[MessagePackObject]
public sealed record TrainingSettings(
    [property: Key(0)] int Epochs = 10,
    [property: Key(1)] int BatchSize = 100,
    [property: Key(2)] OptimizerKind Optimizer = OptimizerKind.Adam,
    [property: Key(3)] double LearningRate = 0.001,
    [property: Key(4)] double Momentum = 0.9,
    [property: Key(5)] double WeightDecay = 0,
    [property: Key(6)] int EarlyStoppingPatience = 0,
    [property: Key(7)] bool RestoreBestWeights = true,
    [property: Key(8)] int AugmentShift = 0,
    [property: Key(9)] TrainingPrecision Precision = TrainingPrecision.Float32)
{
    public static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam => "adam",
        OptimizerKind.RmsProp => "rmsprop",
        OptimizerKind.Sgd => "sgd",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The sweep-file name of a precision: "float32" or "bfloat16".</summary>
    public static string PrecisionName(TrainingPrecision precision) => precision switch
    {
        TrainingPrecision.Float32 => "float32",
        TrainingPrecision.BFloat16 => "bfloat16",
        _ => precision.ToString().ToLowerInvariant(),
    };
}
