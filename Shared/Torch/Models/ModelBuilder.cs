using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Core.Randomness;
using Crossfold.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Models;

/// <summary>
/// How batch-norm layers keep their moving statistics, in Keras's terms: moving = momentum · moving +
/// (1 - momentum) · batch (PyTorch's momentum is 1 minus this), and epsilon inside the square root.
/// Keras's defaults (0.99, 0.001) unless a sweep says otherwise.
/// </summary>
public readonly record struct BatchNormSettings(double KerasMomentum, double Epsilon)
{
    public static BatchNormSettings Keras { get; } = new(TrainingSettings.KerasDefaultBatchNormMomentum, TrainingSettings.KerasDefaultBatchNormEpsilon);

    /// <summary>A batch-norm layer of <paramref name="features"/> channels with these settings.</summary>
    public nn.Module<Tensor, Tensor> Layer(long features) => nn.BatchNorm2d(features, eps: Epsilon, momentum: 1 - KerasMomentum);
}

/// <summary>
/// Turns an <see cref="ArchitectureSpec"/> into a TorchSharp network: its layers in order, then a
/// Linear classifier. Weights are initialised Keras-style (Glorot-uniform weights, zero biases) from
/// counter-based random numbers, so the same seed gives the same network in any process, on any thread.
/// Shapes follow the conventions of <c>ShapeInference</c> (validate the spec with it first).
/// </summary>
public static class ModelBuilder
{
    /// <summary>Builds the network for <paramref name="inputChannels"/> x <paramref name="height"/> x <paramref name="width"/> images on the CPU.</summary>
    /// <param name="dropoutGenerator">Source of dropout masks; must live on the device the network will run on.</param>
    /// <param name="batchNorm">How batch-norm layers behave; Keras's defaults when null.</param>
    public static nn.Module<Tensor, Tensor> Build(ArchitectureSpec spec, int inputChannels, int height, int width, int classes, ulong initSeed, Generator dropoutGenerator,
        BatchNormSettings? batchNorm = null)
    {
        var norm = batchNorm ?? BatchNormSettings.Keras;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        // Image networks run channels-last on the CPU (see ChannelsLast); it has no parameters, so names,
        // counts and the initialisation order of the parameters are those of the layers alone.
        if (spec.Layers.Any(l => l.Kind is LayerKind.Conv or LayerKind.Residual or LayerKind.PreActResidual or LayerKind.DenseBlock or LayerKind.Transition)) layers.Add(("channels_last", new ChannelsLast()));
        long channels = inputChannels, h = height, w = width, features = -1; // features >= 0 once flattened
        for (int i = 0; i < spec.Layers.Length; i++)
        {
            var layer = spec.Layers[i];
            string name = $"{i:D2}_{layer.Kind.ToString().ToLowerInvariant()}";
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    long inputs = features >= 0 ? features : channels * h * w;
                    layers.Add((name, nn.Sequential(("flatten", nn.Flatten()), ("linear", nn.Linear(inputs, layer.Size)), ("relu", nn.ReLU()))));
                    features = layer.Size;
                    break;
                case LayerKind.Conv:
                    int pad = layer.SamePadding ? layer.Kernel / 2 : 0;
                    var conv = new List<(string, nn.Module<Tensor, Tensor>)>
                        { ("conv", nn.Conv2d(channels, layer.Size, layer.Kernel, stride: 1, padding: pad, bias: !layer.BatchNorm)) };
                    if (layer.BatchNorm) conv.Add(("bn", norm.Layer(layer.Size)));
                    conv.Add(("relu", nn.ReLU()));
                    layers.Add((name, nn.Sequential(conv)));
                    channels = layer.Size;
                    h = h + 2 * pad - layer.Kernel + 1;
                    w = w + 2 * pad - layer.Kernel + 1;
                    break;
                case LayerKind.MaxPool:
                    layers.Add((name, nn.MaxPool2d(layer.Size)));
                    h /= layer.Size;
                    w /= layer.Size;
                    break;
                case LayerKind.Dropout:
                    layers.Add((name, new SeededDropout(name, layer.Rate, dropoutGenerator)));
                    break;
                case LayerKind.Residual:
                    layers.Add((name, new ResidualBlock(name, channels, layer.Size, layer.Stride, norm)));
                    channels = layer.Size;
                    h = (h - 1) / layer.Stride + 1;
                    w = (w - 1) / layer.Stride + 1;
                    break;
                case LayerKind.PreActResidual:
                    layers.Add((name, new PreActResidualBlock(name, channels, layer.Size, layer.Stride, layer.BatchNorm, norm)));
                    channels = layer.Size;
                    h = (h - 1) / layer.Stride + 1;
                    w = (w - 1) / layer.Stride + 1;
                    break;
                case LayerKind.DenseBlock:
                    layers.Add((name, new DenseBlock(name, channels, layer.Size, layer.Depth, layer.BatchNorm, norm)));
                    channels += (long)layer.Size * layer.Depth;
                    break;
                case LayerKind.Transition:
                    layers.Add((name, new Transition(name, channels, layer.Size, norm)));
                    channels = layer.Size;
                    h /= 2;
                    w /= 2;
                    break;
                case LayerKind.GlobalAvgPool:
                    layers.Add((name, nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()))));
                    features = channels;
                    break;
                default:
                    throw new InputException($"architecture '{spec.Name}': layer {i + 1} has unknown kind {layer.Kind}");
            }
        }
        long last = features >= 0 ? features : channels * h * w;
        layers.Add(("classifier", nn.Sequential(("flatten", nn.Flatten()), ("linear", nn.Linear(last, classes)))));

        var network = nn.Sequential(layers);
        InitialiseKerasStyle(network, initSeed);
        return network;
    }

    /// <summary>Number of trainable parameters (for checking against ShapeInference and Keras).</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>
    /// Number of values Keras counts as non-trainable parameters: the batch-norm moving means and variances
    /// (PyTorch keeps them as buffers, with a step counter Keras does not have).
    /// </summary>
    public static long NonTrainableCount(nn.Module module) =>
        module.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal) || b.name.EndsWith("running_var", StringComparison.Ordinal))
            .Sum(b => b.buffer.numel());

    /// <summary>
    /// Glorot-uniform for every weight of rank >= 2 (Linear and Conv), zeros for biases; batch-norm
    /// scales stay 1. Values come from <see cref="CounterRandom"/>: element j of parameter k is a pure
    /// function of (seed, k, j).
    /// </summary>
    static void InitialiseKerasStyle(nn.Module module, ulong seed)
    {
        using var noGrad = no_grad();
        // zero_ hands back a second handle to the parameter; the scope disposes such handles, never the
        // parameters themselves, which were created before it.
        using var scope = NewDisposeScope();
        int k = 0;
        foreach (var (name, parameter) in module.named_parameters())
        {
            k++;
            if (parameter.dim() >= 2)
            {
                long receptive = parameter.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
                long fanIn = parameter.shape[1] * receptive, fanOut = parameter.shape[0] * receptive;
                double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                var values = new float[parameter.numel()];
                for (int j = 0; j < values.Length; j++)
                    values[j] = (float)((CounterRandom.Uniform(seed, (ulong)k, (ulong)j) * 2 - 1) * limit);
                using var source = tensor(values, parameter.shape);
                parameter.copy_(source);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
        }
    }
}
