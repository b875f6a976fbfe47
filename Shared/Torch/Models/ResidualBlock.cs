using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Models;

/// <summary>
/// The basic residual block of ResNet-18/34: conv3x3-BN-ReLU-conv3x3-BN plus the input (through a
/// 1x1 conv + BN projection when the channels or the stride change), then ReLU.
/// </summary>
/// <remarks>
/// The projection takes every stride-th pixel and then applies a 1x1 convolution with stride 1, which
/// is the same function as a strided 1x1 convolution with the same weights. The strided form is
/// avoided because oneDNN's AVX-512 backward-weights kernel for a strided 1x1 convolution with fewer
/// than 16 input channels in channels-last layout writes outside its buffers (libtorch 2.10 on an AMD
/// Zen CPU with AVX-512: "double free or corruption" within a few hundred steps; AVX2 kernels are fine).
/// </remarks>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly nn.Module<Tensor, Tensor> bn1, bn2;
    readonly nn.Module<Tensor, Tensor>? shortcut;
    readonly long _stride;

    public ResidualBlock(string name, long inChannels, long outChannels, long stride, BatchNormSettings batchNorm) : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = batchNorm.Layer(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = batchNorm.Layer(outChannels);
        _stride = stride;
        if (inChannels != outChannels || stride != 1)
            shortcut = nn.Sequential(
                ("conv", nn.Conv2d(inChannels, outChannels, 1, bias: false)),
                ("bn", batchNorm.Layer(outChannels)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = nn.functional.relu(bn1.call(conv1.call(input)));
        using var b = bn2.call(conv2.call(a));
        using var skip = Shortcut(input);
        return nn.functional.relu(b + skip);
    }

    /// <summary>The input, or its projection computed from every stride-th row and column (what a strided 1x1 convolution sees).</summary>
    Tensor Shortcut(Tensor input)
    {
        if (shortcut is null) return input.alias();
        if (_stride == 1) return shortcut.call(input);
        using var sampled = EveryStrideth(input, _stride);
        return shortcut.call(sampled);
    }

    /// <summary>Every <paramref name="stride"/>-th row and column of an (N, C, H, W) batch: what a strided 1x1 convolution sees.</summary>
    internal static Tensor EveryStrideth(Tensor input, long stride)
    {
        using var rows = input.slice(2, 0, input.shape[2], stride);
        return rows.slice(3, 0, input.shape[3], stride);
    }
}
