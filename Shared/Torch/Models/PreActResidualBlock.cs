using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Models;

/// <summary>
/// The pre-activation residual block (He et al., 2016): BN-ReLU-conv3x3-BN-ReLU-conv3x3 plus the input, with nothing
/// after the sum, so the identity path runs unchanged through the network; when the channels or the stride change, the
/// shortcut is a 1x1 convolution of the pre-activated input. With a closing batch norm (the last block) it ends in BN-ReLU.
/// </summary>
/// <remarks>The projection samples every stride-th pixel before a stride-1 1x1 convolution, for the reason <see cref="ResidualBlock"/> gives.</remarks>
public sealed class PreActResidualBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly nn.Module<Tensor, Tensor> bn1, bn2;
    readonly nn.Module<Tensor, Tensor>? closing;
    readonly Conv2d? shortcut;
    readonly long _stride;

    public PreActResidualBlock(string name, long inChannels, long outChannels, long stride, bool closingBatchNorm, BatchNormSettings batchNorm) : base(name)
    {
        bn1 = batchNorm.Layer(inChannels);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn2 = batchNorm.Layer(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        _stride = stride;
        if (inChannels != outChannels || stride != 1) shortcut = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        if (closingBatchNorm) closing = batchNorm.Layer(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var pre = nn.functional.relu(bn1.call(input));
        using var a = nn.functional.relu(bn2.call(conv1.call(pre)));
        using var b = conv2.call(a);
        using var skip = Shortcut(input, pre);
        if (closing is null) return b + skip;
        using var sum = b + skip;
        return nn.functional.relu(closing.call(sum));
    }

    /// <summary>The input itself, or the projection of the pre-activated input from every stride-th row and column.</summary>
    Tensor Shortcut(Tensor input, Tensor pre)
    {
        if (shortcut is null) return input.alias();
        if (_stride == 1) return shortcut.call(pre);
        using var sampled = ResidualBlock.EveryStrideth(pre, _stride);
        return shortcut.call(sampled);
    }
}
