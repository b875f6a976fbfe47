using MessagePack;

namespace Crossfold.Core.Architectures;

/// <summary>The building blocks an architecture is made of (the classifier head is added by the builder).</summary>
public enum LayerKind
{
    /// <summary>Fully connected layer of <see cref="LayerSpec.Size"/> units, then ReLU (flattens its input first).</summary>
    Dense = 0,
    /// <summary>2-D convolution of <see cref="LayerSpec.Size"/> filters, <see cref="LayerSpec.Kernel"/> square, optional batch norm, then ReLU.</summary>
    Conv = 1,
    /// <summary>Max pooling, window and stride <see cref="LayerSpec.Size"/>.</summary>
    MaxPool = 2,
    /// <summary>Dropout with rate <see cref="LayerSpec.Rate"/>.</summary>
    Dropout = 3,
    /// <summary>Basic residual block (two 3x3 convs with batch norm) of <see cref="LayerSpec.Size"/> channels and stride <see cref="LayerSpec.Stride"/>.</summary>
    Residual = 4,
    /// <summary>Global average pooling to one value per channel.</summary>
    GlobalAvgPool = 5,
    /// <summary>
    /// DenseNet-BC dense block: <see cref="LayerSpec.Depth"/> bottleneck layers (BN-ReLU-conv1x1 to 4k, BN-ReLU-conv3x3
    /// to k), each seeing every earlier output; growth rate k = <see cref="LayerSpec.Size"/>. With
    /// <see cref="LayerSpec.BatchNorm"/>, the block ends with BN-ReLU (DenseNet's last block, before pooling).
    /// </summary>
    DenseBlock = 6,
    /// <summary>DenseNet transition: BN-ReLU-conv1x1 to <see cref="LayerSpec.Size"/> channels, then 2x2 average pooling.</summary>
    Transition = 7,
    /// <summary>
    /// Pre-activation residual block (He et al., 2016, "Identity Mappings in Deep Residual Networks"): BN-ReLU-conv3x3
    /// (stride <see cref="LayerSpec.Stride"/>)-BN-ReLU-conv3x3 of <see cref="LayerSpec.Size"/> channels plus the input (a 1x1
    /// projection of the pre-activated input when the channels or stride change), nothing after the sum. With
    /// <see cref="LayerSpec.BatchNorm"/>, the block ends with BN-ReLU (the network's last block, before pooling).
    /// </summary>
    PreActResidual = 8,
}

/// <summary>One layer of an architecture. Only the fields its <see cref="Kind"/> uses are meaningful.</summary>
[MessagePackObject]
public sealed record LayerSpec(
    [property: Key(0)] LayerKind Kind,
    [property: Key(1)] int Size = 0,
    [property: Key(2)] int Kernel = 3,
    [property: Key(3)] bool SamePadding = false,
    [property: Key(4)] double Rate = 0,
    [property: Key(5)] bool BatchNorm = false,
    [property: Key(6)] int Stride = 1,
    [property: Key(7)] int Depth = 0)
{
    public static LayerSpec Dense(int units) => new(LayerKind.Dense, units);
    public static LayerSpec Conv(int filters, int kernel = 3, bool same = false, bool batchNorm = false) =>
        new(LayerKind.Conv, filters, kernel, same, 0, batchNorm);
    public static LayerSpec Pool(int size = 2) => new(LayerKind.MaxPool, size);
    public static LayerSpec Dropout(double rate) => new(LayerKind.Dropout, Rate: rate);
    public static LayerSpec Residual(int channels, int stride = 1) => new(LayerKind.Residual, channels, 3, true, 0, true, stride);
    public static LayerSpec PreActResidual(int channels, int stride = 1, bool closingBatchNorm = false) =>
        new(LayerKind.PreActResidual, channels, 3, true, 0, closingBatchNorm, stride);
    public static LayerSpec GlobalAvgPool() => new(LayerKind.GlobalAvgPool);
    public static LayerSpec DenseBlock(int growth, int depth, bool closingBatchNorm = false) =>
        new(LayerKind.DenseBlock, growth, 3, true, 0, closingBatchNorm, 1, depth);
    public static LayerSpec Transition(int channels) => new(LayerKind.Transition, channels, 1, false, 0, true);

    /// <summary>Keras-like short form, e.g. "Conv 32 (3x3, same)".</summary>
    public override string ToString() => Kind switch
    {
        LayerKind.Dense => $"Dense {Size}",
        LayerKind.Conv => $"Conv {Size} ({Kernel}x{Kernel}{(SamePadding ? ", same" : "")}{(BatchNorm ? ", bn" : "")})",
        LayerKind.MaxPool => $"MaxPool {Size}",
        LayerKind.Dropout => $"Dropout {Rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        LayerKind.Residual => $"Residual {Size}{(Stride > 1 ? $" /{Stride}" : "")}",
        LayerKind.PreActResidual => $"PreAct residual {Size}{(Stride > 1 ? $" /{Stride}" : "")}{(BatchNorm ? ", bn-relu" : "")}",
        LayerKind.GlobalAvgPool => "GlobalAvgPool",
        LayerKind.DenseBlock => $"DenseBlock {Depth}x{Size}{(BatchNorm ? ", bn" : "")}",
        LayerKind.Transition => $"Transition {Size}",
        _ => Kind.ToString(),
    };
}
