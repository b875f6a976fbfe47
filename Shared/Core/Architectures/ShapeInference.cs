using System.Globalization;

namespace Crossfold.Core.Architectures;

/// <summary>
/// Works out, without building a network, the shape after every layer of an architecture, its
/// parameters (trainable and, as Keras counts them, non-trainable) and its forward cost, and rejects architectures that cannot be built, so a bad
/// sweep file fails when it is read instead of on a worker hours later.
/// </summary>
/// <remarks>
/// It mirrors the TorchSharp builder's conventions exactly (the parameter counts are asserted against it):
/// <list type="bullet">
/// <item>Dense flattens its input first and has a bias; the appended classifier is such a Dense of one unit per class.</item>
/// <item>Conv has a bias unless it has batch norm; batch norm adds 2 trainable parameters per channel (weight and
/// bias) and 2 non-trainable ones (the moving mean and variance, buffers in PyTorch, parameters in Keras's
/// summary). "same" padding is kernel/2 with stride 1, so the kernel must be odd.</item>
/// <item>MaxPool n has window and stride n and rounds down: a 7x7 input gives 3x3.</item>
/// <item>DenseBlock(k, n) on c channels: layer i (c + i k channels in) is BN + ReLU + conv1x1(→4k) + BN + ReLU + conv3x3(4k→k, pad 1),
/// all without bias, its output concatenated to its input: c + n k channels out, same size; "bn" adds a closing BN + ReLU.
/// Transition(c') is BN + ReLU + conv1x1(→c', no bias) + 2x2 average pooling, rounding down.</item>
/// <item>Residual(c, stride s) on c_in channels: conv3x3(c_in→c, stride s, pad 1) + BN + ReLU + conv3x3(c→c, pad 1) + BN,
/// both without bias, plus a conv1x1(c_in→c, stride s) + BN shortcut when c_in ≠ c or s ≠ 1;
/// output size floor((H + 2 - 3) / s) + 1.</item>
/// <item>GlobalAvgPool turns C x H x W into C features.</item>
/// </list>
/// FLOPs are per image, forward only, and count a multiply-add as 2 FLOPs in convolutions (residual and
/// shortcut convolutions included) and Dense layers. Bias additions, batch norm, ReLU, pooling, dropout and
/// residual sums are not counted: they grow with the activations, not the weights, are small beside the
/// multiply-adds, and tools disagree on how to count them.
/// </remarks>
public static class ShapeInference
{
    /// <summary>The shapes of <paramref name="architecture"/> on 28x28 single-channel images with 10 classes (MNIST).</summary>
    public static ArchitectureShape ForMnist(ArchitectureSpec architecture) => Infer(architecture, 1, 28, 28, 10);

    /// <summary>
    /// The shapes of <paramref name="architecture"/> on images of <paramref name="channels"/> x
    /// <paramref name="height"/> x <paramref name="width"/>, with a classifier of <paramref name="classes"/> outputs appended.
    /// </summary>
    /// <exception cref="InputException">The architecture cannot be built; the message names it, the layer's number and text.</exception>
    public static ArchitectureShape Infer(ArchitectureSpec architecture, int channels, int height, int width, int classes)
    {
        string name = architecture.Name;
        if (channels <= 0 || height <= 0 || width <= 0)
            throw Fail(name, $"the input must have a positive size, got {channels}x{height}x{width}");
        if (classes <= 0) throw Fail(name, $"needs a positive number of classes, got {classes}");

        var input = TensorShape.Image(channels, height, width);
        var x = input;
        var layers = new List<LayerShape>(architecture.Layers.Length + 1);
        string? flattenedBy = null; // "layer 4 (Dense 128)": once set, only Dense and Dropout may follow
        for (int i = 0; i < architecture.Layers.Length; i++)
        {
            LayerSpec layer = architecture.Layers[i];
            var at = new Position(name, $"layer {i + 1} ({layer})", flattenedBy);
            var (output, parameters, flops) = Checked(at, () => Infer(at, layer, x));
            layers.Add(new LayerShape(i + 1, layer.ToString(), x, output, parameters, flops, MovingStatistics(layer, x.Channels)));
            if (output.IsFlat && !x.IsFlat) flattenedBy = at.Layer;
            x = output;
        }

        var classifier = new Position(name, $"the classifier (Dense {classes})", flattenedBy);
        var (scores, classifierParameters, classifierFlops) = Checked(classifier, () => Dense(x, classes));
        layers.Add(new LayerShape(layers.Count + 1, $"Dense {classes}", x, scores, classifierParameters, classifierFlops));
        var shape = new ArchitectureShape(name, input, layers);
        try { _ = shape.TotalParameters; _ = shape.TotalFlops; } // each layer fits in 64 bits, the sums must too
        catch (OverflowException) { throw new InputException($"architecture '{name}' is too large: its total parameter or FLOP count overflows 64 bits"); }
        return shape;
    }

    /// <summary>Where a problem is, for messages: the architecture, the layer, and what flattened the tensor if anything did.</summary>
    private sealed record Position(string Architecture, string Layer, string? FlattenedBy);

    private static (TensorShape Output, long Parameters, long Flops) Infer(Position at, LayerSpec layer, TensorShape x) => layer.Kind switch
    {
        LayerKind.Dense => Dense(x, Positive(at, layer.Size, "number of units")),
        LayerKind.Conv => Conv(at, layer, x),
        LayerKind.MaxPool => MaxPool(at, layer, x),
        LayerKind.Dropout => Dropout(at, layer, x),
        LayerKind.Residual => Residual(at, layer, x),
        LayerKind.PreActResidual => Residual(at, layer, x),
        LayerKind.GlobalAvgPool => (TensorShape.Vector(Image(at, x).Channels), 0, 0),
        LayerKind.DenseBlock => DenseBlock(at, layer, x),
        LayerKind.Transition => Transition(at, layer, x),
        _ => throw Fail(at, $"is of an unknown kind {(int)layer.Kind}"),
    };

    private static (TensorShape, long, long) Dense(TensorShape x, int units)
    {
        long inputs = x.Elements;
        return (TensorShape.Vector(units), checked(inputs * units + units), checked(2 * inputs * units));
    }

    private static (TensorShape, long, long) Conv(Position at, LayerSpec layer, TensorShape x)
    {
        int filters = Positive(at, layer.Size, "number of filters");
        int k = Positive(at, layer.Kernel, "kernel size");
        Image(at, x);
        if (layer.SamePadding && k % 2 == 0) throw Fail(at, $"needs an odd kernel for same padding, got {k}");
        if (!layer.SamePadding) Window(at, x, k);
        var output = layer.SamePadding
            ? TensorShape.Image(filters, x.Height, x.Width)
            : TensorShape.Image(filters, x.Height - k + 1, x.Width - k + 1);
        long weights = checked((long)k * k * x.Channels * filters);
        long parameters = checked(weights + (layer.BatchNorm ? 2L * filters : filters));
        return (output, parameters, checked(2 * weights * output.Height * output.Width));
    }

    private static (TensorShape, long, long) MaxPool(Position at, LayerSpec layer, TensorShape x)
    {
        int n = Positive(at, layer.Size, "window");
        Window(at, Image(at, x), n);
        return (TensorShape.Image(x.Channels, x.Height / n, x.Width / n), 0, 0);
    }

    private static (TensorShape, long, long) Dropout(Position at, LayerSpec layer, TensorShape x)
    {
        // Written as a negated range so NaN fails too.
        if (!(layer.Rate >= 0 && layer.Rate < 1))
            throw Fail(at, $"needs a rate in [0, 1), got {layer.Rate.ToString(CultureInfo.InvariantCulture)}");
        return (x, 0, 0);
    }

    /// <summary>A basic or pre-activation residual block: the same convolutions and projection, batch norms on different channels.</summary>
    private static (TensorShape, long, long) Residual(Position at, LayerSpec layer, TensorShape x)
    {
        int c = Positive(at, layer.Size, "number of channels");
        int s = Positive(at, layer.Stride, "stride");
        int cIn = Image(at, x).Channels;
        var output = TensorShape.Image(c, (x.Height - 1) / s + 1, (x.Width - 1) / s + 1);
        long pixels = (long)output.Height * output.Width;
        long first = checked(9L * cIn * c), second = checked(9L * c * c);
        long shortcut = cIn != c || s != 1 ? checked((long)cIn * c) : 0;
        long batchNorms = 2L * ResidualNormChannels(cIn, layer);
        return (output, checked(first + second + shortcut + batchNorms), checked(2 * (first + second + shortcut) * pixels));
    }

    /// <summary>
    /// Channels of a residual block's batch norms: a basic block's two after its convolutions and its projection's; a
    /// pre-activation block's before each convolution (on the input's, then its own channels) and the closing one.
    /// </summary>
    private static long ResidualNormChannels(int inputChannels, LayerSpec layer) => layer.Kind == LayerKind.PreActResidual
        ? (long)inputChannels + layer.Size + (layer.BatchNorm ? layer.Size : 0)
        : (inputChannels != layer.Size || layer.Stride != 1 ? 3 : 2) * (long)layer.Size;

    private static (TensorShape, long, long) DenseBlock(Position at, LayerSpec layer, TensorShape x)
    {
        int k = Positive(at, layer.Size, "growth rate");
        int depth = Positive(at, layer.Depth, "number of layers");
        long c = Image(at, x).Channels, pixels = (long)x.Height * x.Width, weights = 0;
        for (int i = 0; i < depth; i++, c += k)
            weights = checked(weights + c * 4 * k + 9L * 4 * k * k);
        if (c > int.MaxValue) throw Fail(at, $"would have {c} channels");
        long parameters = checked(weights + 2 * DenseBlockNormChannels(x.Channels, k, depth, layer.BatchNorm));
        return (TensorShape.Image((int)c, x.Height, x.Width), parameters, checked(2 * weights * pixels));
    }

    /// <summary>Channels normalised in a dense block: before each bottleneck conv and each 3x3 conv, and at the end when it closes with batch norm.</summary>
    private static long DenseBlockNormChannels(long inputChannels, int growth, int depth, bool closing)
    {
        long channels = 0, c = inputChannels;
        for (int i = 0; i < depth; i++, c += growth) channels += c + 4L * growth;
        return closing ? channels + c : channels;
    }

    private static (TensorShape, long, long) Transition(Position at, LayerSpec layer, TensorShape x)
    {
        int c = Positive(at, layer.Size, "number of channels");
        Window(at, Image(at, x), 2);
        long weights = checked((long)x.Channels * c);
        return (TensorShape.Image(c, x.Height / 2, x.Width / 2), checked(weights + 2L * x.Channels),
            checked(2 * weights * x.Height * x.Width));
    }

    /// <summary>Batch-norm moving means and variances (Keras's non-trainable parameters): 2 per channel of every batch norm in the layer.</summary>
    private static long MovingStatistics(LayerSpec layer, int inputChannels) => layer.Kind switch
    {
        LayerKind.Conv when layer.BatchNorm => 2L * layer.Size,
        LayerKind.Residual or LayerKind.PreActResidual => 2 * ResidualNormChannels(inputChannels, layer),
        LayerKind.DenseBlock => 2 * DenseBlockNormChannels(inputChannels, layer.Size, layer.Depth, layer.BatchNorm),
        LayerKind.Transition => 2L * inputChannels,
        _ => 0,
    };

    private static int Positive(Position at, int value, string what) =>
        value > 0 ? value : throw Fail(at, $"needs a positive {what}, got {value}");

    /// <summary>Convolutions, pooling and residual blocks need the image: a Dense or global pooling before them has flattened it.</summary>
    private static TensorShape Image(Position at, TensorShape x) =>
        x.IsFlat ? throw Fail(at, $"needs an image input, but {at.FlattenedBy} already flattened it to {x.Channels} features") : x;

    private static void Window(Position at, TensorShape x, int n)
    {
        if (x.Height < n || x.Width < n) throw Fail(at, $"needs at least {n}x{n} input, got {x.Height}x{x.Width}");
    }

    private static (TensorShape, long, long) Checked(Position at, Func<(TensorShape, long, long)> infer)
    {
        try { return infer(); }
        catch (OverflowException) { throw Fail(at, "is too large: its parameter or FLOP count overflows 64 bits"); }
    }

    private static InputException Fail(Position at, string problem) => Fail(at.Architecture, $"{at.Layer} {problem}");
    private static InputException Fail(string architecture, string problem) => new($"architecture '{architecture}': {problem}");
}
