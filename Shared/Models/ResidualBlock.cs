using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Shared.Models;

/// <summary>
/// The basic residual block of ResNet-18/34: conv3x3-BN-ReLU-conv3x3-BN plus the input (through a
/// 1x1 conv + BN projection when the channels or the stride change), then ReLU.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly nn.Module<Tensor, Tensor>? shortcut;

    public ResidualBlock(string name, long inChannels, long outChannels, long stride) : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (inChannels != outChannels || stride != 1)
            shortcut = nn.Sequential(
                ("conv", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)),
                ("bn", nn.BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = nn.functional.relu(bn1.call(conv1.call(input)));
        using var b = bn2.call(conv2.call(a));
        using var skip = shortcut is null ? input.alias() : shortcut.call(input);
        return nn.functional.relu(b + skip);
    }
}
