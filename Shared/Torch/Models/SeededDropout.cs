using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Models;

/// <summary>
/// Inverted dropout that draws its masks from its own generator instead of libtorch's process-wide one,
/// so two folds training side by side in one process cannot disturb each other's masks.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    readonly double _rate;
    readonly Generator _generator;
    // Held for the module's life: an implicitly converted Scalar can be finalized in the middle of the
    // native call that uses it (see TrainingOptimizer).
    readonly Scalar _threshold, _scale;

    public SeededDropout(string name, double rate, Generator generator) : base(name)
    {
        _rate = rate;
        _generator = generator;
        _threshold = rate.ToScalar();
        _scale = (1.0 / (1.0 - rate)).ToScalar();
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || _rate == 0) return input.alias();
        using var keep = rand(input.shape, dtype: input.dtype, device: input.device, generator: _generator).ge_(_threshold);
        using var kept = input * keep;
        return kept.mul(_scale);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _threshold.Dispose();
            _scale.Dispose();
        }
        base.Dispose(disposing);
    }
}
