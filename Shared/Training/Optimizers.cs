using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Shared.Training;

/// <summary>Creates the optimizer a trial asks for, with Keras's default constants (the seed notebook's).</summary>
public static class Optimizers
{
    /// <summary>Adam and RMSprop use epsilon 1e-7 and RMSprop rho 0.9 as Keras does; weight decay is L2 added to the gradient.</summary>
    public static optim.Optimizer Create(TrainingSettings settings, IEnumerable<Parameter> parameters) => settings.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(parameters, settings.LearningRate, eps: 1e-7, weight_decay: settings.WeightDecay),
        OptimizerKind.RmsProp => optim.RMSProp(parameters, settings.LearningRate, alpha: 0.9, eps: 1e-7, weight_decay: settings.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
        _ => throw new InputException($"optimizer {settings.Optimizer} is not supported"),
    };
}
