using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training.Optimizers;

/// <summary>
/// Adam (Kingma and Ba), as Keras computes it (the seed notebook's): m and v without bias correction,
/// the step lr · sqrt(1 - beta2^t) / (1 - beta1^t) · m / (sqrt(v) + epsilon), so epsilon is Keras's
/// "epsilon hat" (torch.optim.Adam adds it to sqrt(v / (1 - beta2^t)) instead, which differs early on);
/// weight decay as L2 on the gradient.
/// </summary>
public sealed class AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    : TrainingOptimizer(parameters)
{
    readonly Dictionary<int, (Tensor M, Tensor V)> _moments = new();
    Scalar _beta1 = null!, _oneMinusBeta1 = null!, _beta2 = null!, _oneMinusBeta2 = null!, _epsilon = null!, _decay = null!, _stepSize = null!;

    protected override void BeginStep(long step, Constants c)
    {
        double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
        _beta1 = c.Of(beta1);
        _oneMinusBeta1 = c.Of(1 - beta1);
        _beta2 = c.Of(beta2);
        _oneMinusBeta2 = c.Of(1 - beta2);
        _epsilon = c.Of(epsilon);
        _decay = c.Of(weightDecay);
        _stepSize = c.Of(-(learningRate * LearningRateScale * Math.Sqrt(correction2) / correction1));
    }

    protected override void Update(int index, Parameter parameter, Tensor grad)
    {
        if (!_moments.TryGetValue(index, out var state)) _moments[index] = state = (ZerosLike(parameter), ZerosLike(parameter));
        if (weightDecay != 0) grad = grad.add(parameter, _decay);
        state.M.mul_(_beta1).add_(grad, _oneMinusBeta1);
        state.V.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
        var denominator = state.V.sqrt().add_(_epsilon);
        parameter.addcdiv_(state.M, denominator, _stepSize);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var (m, v) in _moments.Values)
        {
            m.Dispose();
            v.Dispose();
        }
        _moments.Clear();
    }
}
