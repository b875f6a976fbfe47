using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Shared.Models;

/// <summary>
/// Inverted dropout that draws its masks from its own generator instead of libtorch's process-wide one,
/// so two folds training side by side in one process cannot disturb each other's masks.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    readonly double _rate;
    readonly Generator _generator;

    public SeededDropout(string name, double rate, Generator generator) : base(name)
    {
        _rate = rate;
        _generator = generator;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || _rate == 0) return input.alias();
        using var keep = rand(input.shape, dtype: input.dtype, device: input.device, generator: _generator).ge_(_rate);
        return input * keep * (1.0 / (1.0 - _rate));
    }
}
