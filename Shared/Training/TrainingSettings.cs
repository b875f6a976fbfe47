using MessagePack;

namespace Crossfold.Shared.Training;

/// <summary>The optimizers a trial can train with (Keras defaults for their constants).</summary>
public enum OptimizerKind
{
    Adam = 0,
    RmsProp = 1,
    /// <summary>Stochastic gradient descent with momentum (<see cref="TrainingSettings.Momentum"/>).</summary>
    Sgd = 2,
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
    [property: Key(8)] int AugmentShift = 0)
{
    public static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam => "adam",
        OptimizerKind.RmsProp => "rmsprop",
        OptimizerKind.Sgd => "sgd",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
