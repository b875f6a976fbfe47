using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training.Optimizers;

/// <summary>
/// RMSprop, as Keras computes it (uncentred, no momentum): a running mean v of squared gradients and the
/// step lr · g / sqrt(v + epsilon), epsilon inside the square root (torch.optim.RMSprop adds it after the
/// root, which with Keras's epsilon of 1e-7 takes far larger steps where v is tiny).
/// </summary>
public sealed class RmsPropOptimizer(IEnumerable<Parameter> parameters, double learningRate, double rho, double epsilon, double weightDecay)
    : TrainingOptimizer(parameters)
{
    readonly Dictionary<int, Tensor> _squareAverages = new();
    Scalar _rho = null!, _oneMinusRho = null!, _epsilon = null!, _decay = null!, _stepSize = null!;

    protected override void BeginStep(long step, Constants c)
    {
        _rho = c.Of(rho);
        _oneMinusRho = c.Of(1 - rho);
        _epsilon = c.Of(epsilon);
        _decay = c.Of(weightDecay);
        _stepSize = c.Of(-learningRate * LearningRateScale);
    }

    protected override void Update(int index, Parameter parameter, Tensor grad)
    {
        if (!_squareAverages.TryGetValue(index, out var average)) _squareAverages[index] = average = ZerosLike(parameter);
        if (weightDecay != 0) grad = grad.add(parameter, _decay);
        average.mul_(_rho).addcmul_(grad, grad, _oneMinusRho);
        var denominator = average.add(_epsilon).sqrt_();
        parameter.addcdiv_(grad, denominator, _stepSize);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var t in _squareAverages.Values) t.Dispose();
        _squareAverages.Clear();
    }
}
