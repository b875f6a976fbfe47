using Crossfold.Core;
using Crossfold.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training.Optimizers;

/// <summary>
/// An optimizer for one training session: Keras's update rules (the seed notebook's; see each
/// optimizer for where they differ from PyTorch's), with every <see cref="Scalar"/> an update uses
/// created up front and held until the step has ended.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's optimizers pass constants as implicitly converted <see cref="Scalar"/>s: a
/// temporary with a finalizer whose native handle goes into the call and nothing keeps it alive. When
/// a garbage collection runs meanwhile (another slot's thread allocating is enough), the finalizer
/// frees the native scalar in the middle of the update: the update reads freed memory and either throws
/// ("Expected false to be true" from c10::Scalar::toFloat) or uses whatever value is there, silently
/// breaking bit-identical results. Holding the scalars closes that window.
/// </remarks>
public abstract class TrainingOptimizer : IDisposable
{
    readonly IReadOnlyList<Parameter> _parameters;
    long _steps;
    double _clip;

    protected TrainingOptimizer(IEnumerable<Parameter> parameters) => _parameters = parameters.ToList();

    /// <summary>What the learning rate is multiplied by for the next step (the schedule's factor, see LearningRateSchedule).</summary>
    public double LearningRateScale { get; set; } = 1;

    /// <summary>
    /// The optimizer a trial asks for, with Keras's default constants and update rules (the seed
    /// notebook's): Adam and RMSprop use epsilon 1e-7 (Adam's outside, RMSprop's inside the square root)
    /// and RMSprop rho 0.9; weight decay is L2 added to the gradient.
    /// </summary>
    public static TrainingOptimizer For(TrainingSettings settings, IEnumerable<Parameter> parameters)
    {
        TrainingOptimizer optimizer = settings.Optimizer switch
        {
            OptimizerKind.Adam => new AdamOptimizer(parameters, settings.LearningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, settings.WeightDecay),
            OptimizerKind.RmsProp => new RmsPropOptimizer(parameters, settings.LearningRate, rho: 0.9, epsilon: 1e-7, settings.WeightDecay),
            OptimizerKind.Sgd => new SgdOptimizer(parameters, settings.LearningRate, settings.Momentum, settings.WeightDecay, settings.Nesterov),
            _ => throw new InputException($"optimizer {settings.Optimizer} is not supported"),
        };
        // Before each step, all gradients are scaled down together when their joint L2 norm exceeds this (0: never).
        optimizer._clip = settings.GradientClip;
        return optimizer;
    }

    /// <summary>Sets every parameter's gradient to zero (as PyTorch's zero_grad with set_to_none=False).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        _steps++;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var constants = new Constants();
        if (_clip > 0) ClipGradients(constants);
        BeginStep(_steps, constants);
        for (int i = 0; i < _parameters.Count; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null) continue;
            Update(i, _parameters[i], grad);
        }
    }

    /// <summary>
    /// torch.nn.utils.clip_grad_norm_ as PyTorch computes it: the joint L2 norm of every gradient, and all of them multiplied
    /// by min(1, max_norm / (norm + 1e-6)) on the device (no read-back, so a GPU does not stall).
    /// </summary>
    void ClipGradients(Constants c)
    {
        var grads = _parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return;
        var total = grads.Select(g => g.mul(g).sum()).Aggregate((a, b) => a.add(b)).sqrt();
        var scale = total.add(c.Of(1e-6)).reciprocal().mul(c.Of(_clip)).clamp_max(c.Of(1.0));
        foreach (var g in grads) g.mul_(scale);
    }

    /// <summary>Called once per step, before the updates, with a place to create the step's scalars.</summary>
    protected abstract void BeginStep(long step, Constants constants);

    /// <summary>Updates parameter <paramref name="index"/> from its gradient (inside the step's dispose scope).</summary>
    protected abstract void Update(int index, Parameter parameter, Tensor grad);

    /// <summary>Per-parameter state created lazily, zeros like the parameter, kept out of any dispose scope.</summary>
    protected static Tensor ZerosLike(Parameter parameter) => zeros_like(parameter).DetachFromDisposeScope();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>The scalars of one step, alive until the step ends.</summary>
    protected sealed class Constants : IDisposable
    {
        readonly List<Scalar> _scalars = new();

        public Scalar Of(double value)
        {
            var scalar = value.ToScalar();
            _scalars.Add(scalar);
            return scalar;
        }

        public void Dispose()
        {
            foreach (var s in _scalars) s.Dispose();
        }
    }
}
