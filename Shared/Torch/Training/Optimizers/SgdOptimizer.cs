using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training.Optimizers;

/// <summary>Stochastic gradient descent with optional (Nesterov) momentum, as torch.optim.SGD computes it (no dampening).</summary>
public sealed class SgdOptimizer(IEnumerable<Parameter> parameters, double learningRate, double momentum, double weightDecay, bool nesterov = false)
    : TrainingOptimizer(parameters)
{
    readonly Dictionary<int, Tensor> _buffers = new();
    Scalar _momentum = null!, _one = null!, _decay = null!, _stepSize = null!;

    protected override void BeginStep(long step, Constants c)
    {
        _momentum = c.Of(momentum);
        _one = c.Of(1.0);
        _decay = c.Of(weightDecay);
        _stepSize = c.Of(-learningRate * LearningRateScale);
    }

    protected override void Update(int index, Parameter parameter, Tensor grad)
    {
        if (weightDecay != 0) grad = grad.add(parameter, _decay);
        if (momentum != 0)
        {
            if (!_buffers.TryGetValue(index, out var buffer))
                _buffers[index] = buffer = grad.clone().detach().DetachFromDisposeScope();
            else
                buffer.mul_(_momentum).add_(grad, _one);
            grad = nesterov ? grad.add(buffer, _momentum) : buffer;
        }
        parameter.add_(grad, _stepSize);
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var t in _buffers.Values) t.Dispose();
        _buffers.Clear();
    }
}
