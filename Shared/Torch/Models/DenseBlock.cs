using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Models;

/// <summary>
/// DenseNet-BC's dense block: each bottleneck layer (BN-ReLU-conv1x1 to 4k, BN-ReLU-conv3x3 to k) reads
/// the concatenation of the block's input and every earlier layer's output, and adds its k channels to it;
/// optionally a closing BN-ReLU. Shapes as ShapeInference describes them.
/// </summary>
public sealed class DenseBlock : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor>[] _layers;
    readonly nn.Module<Tensor, Tensor>? _closing;

    public DenseBlock(string name, long inChannels, long growth, int depth, bool closingBatchNorm, BatchNormSettings batchNorm) : base(name)
    {
        _layers = new nn.Module<Tensor, Tensor>[depth];
        for (int i = 0; i < depth; i++)
        {
            long c = inChannels + i * growth;
            _layers[i] = nn.Sequential(
                ("bn1", batchNorm.Layer(c)), ("relu1", nn.ReLU()), ("conv1", nn.Conv2d(c, 4 * growth, 1, bias: false)),
                ("bn2", batchNorm.Layer(4 * growth)), ("relu2", nn.ReLU()), ("conv2", nn.Conv2d(4 * growth, growth, 3, padding: 1, bias: false)));
            register_module($"layer{i + 1}", _layers[i]);
        }
        if (closingBatchNorm)
        {
            _closing = nn.Sequential(("bn", batchNorm.Layer(inChannels + depth * growth)), ("relu", nn.ReLU()));
            register_module("closing", _closing);
        }
    }

    public override Tensor forward(Tensor input)
    {
        var features = input.alias();
        foreach (var layer in _layers)
        {
            using var grown = layer.call(features);
            var next = cat([features, grown], 1);
            features.Dispose();
            features = next;
        }
        if (_closing is null) return features;
        using (features) return _closing.call(features);
    }
}

/// <summary>DenseNet's transition between dense blocks: BN-ReLU-conv1x1, then 2x2 average pooling (halves the image, rounding down).</summary>
public sealed class Transition : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> _layers;

    public Transition(string name, long inChannels, long outChannels, BatchNormSettings batchNorm) : base(name)
    {
        _layers = nn.Sequential(
            ("bn", batchNorm.Layer(inChannels)), ("relu", nn.ReLU()), ("conv", nn.Conv2d(inChannels, outChannels, 1, bias: false)),
            ("pool", nn.AvgPool2d(2)));
        register_module("layers", _layers);
    }

    public override Tensor forward(Tensor input) => _layers.call(input);
}
