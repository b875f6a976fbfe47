using System.Globalization;
using static Crossfold.Core.Architectures.LayerSpec;

namespace Crossfold.Core.Architectures;

/// <summary>
/// Generators for the architecture families a sweep file can name (mlp, cnn, resnet, densenet): a few numbers
/// in, an explicit layer list out, so every family ends up as an ordinary <see cref="ArchitectureSpec"/>.
/// </summary>
public static class ArchitectureFamilies
{
    /// <summary>The family names sweep files use.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mlp", "cnn", "resnet", "densenet"];

    /// <summary>Dense layers of the <paramref name="hidden"/> sizes, each followed by Dropout when <paramref name="dropout"/> is above 0.</summary>
    public static ArchitectureSpec Mlp(string name, IReadOnlyList<int> hidden, double dropout = 0)
    {
        CheckDropout(name, dropout);
        return new ArchitectureSpec(name, DenseStack(hidden, dropout).ToArray());
    }

    /// <summary>
    /// A Conv (optionally with batch norm, optionally followed by MaxPool 2) per entry of <paramref name="conv"/>,
    /// then Dense layers of the <paramref name="dense"/> sizes, each followed by Dropout when <paramref name="dropout"/> is above 0.
    /// </summary>
    public static ArchitectureSpec Cnn(string name, IReadOnlyList<int> conv, int kernel = 3, bool samePadding = true,
        bool pool = true, bool batchNorm = false, IReadOnlyList<int>? dense = null, double dropout = 0)
    {
        if (conv.Count == 0) throw Fail(name, "a cnn needs at least one conv layer");
        if (kernel <= 0 || kernel % 2 == 0) throw Fail(name, $"kernel must be a positive odd number, got {kernel}");
        CheckDropout(name, dropout);
        var layers = new List<LayerSpec>();
        foreach (int filters in conv)
        {
            layers.Add(Conv(filters, kernel, samePadding, batchNorm));
            if (pool) layers.Add(Pool());
        }
        layers.AddRange(DenseStack(dense ?? [], dropout));
        return new ArchitectureSpec(name, layers.ToArray());
    }

    /// <summary>
    /// A small residual network for 28x28 images: a stem Conv(width, 3x3, same, batch norm), then stage i of
    /// <c>blocks[i]</c> residual blocks of width·2^i channels, the first block of every stage after the first
    /// halving the image with stride 2, then global average pooling. Default blocks: [2, 2]. With
    /// <paramref name="preActivation"/>, the blocks are pre-activation blocks (BN-ReLU before each convolution) and the
    /// last one ends with BN-ReLU, as He et al.'s second ResNet paper; the stem is then a plain convolution.
    /// </summary>
    public static ArchitectureSpec ResNet(string name, IReadOnlyList<int>? blocks = null, int width = 16, bool preActivation = false)
    {
        blocks ??= [2, 2];
        if (blocks.Count == 0) throw Fail(name, "a resnet needs at least one stage in blocks");
        if (blocks.Any(b => b <= 0)) throw Fail(name, $"every stage needs at least one block, got blocks [{string.Join(", ", blocks)}]");
        if (width <= 0) throw Fail(name, $"width must be positive, got {width}");
        // A pre-activation network normalises at the start of every block, so its stem needs no batch norm of its own.
        var layers = new List<LayerSpec> { Conv(width, 3, same: true, batchNorm: !preActivation) };
        long channels = width;
        for (int stage = 0; stage < blocks.Count; stage++, channels *= 2)
        {
            if (channels > int.MaxValue) throw Fail(name, $"stage {stage + 1} would have {channels} channels");
            for (int block = 0; block < blocks[stage]; block++)
            {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                bool last = stage == blocks.Count - 1 && block == blocks[stage] - 1;
                layers.Add(preActivation ? PreActResidual((int)channels, stride, closingBatchNorm: last) : Residual((int)channels, stride));
            }
        }
        layers.Add(GlobalAvgPool());
        return new ArchitectureSpec(name, layers.ToArray());
    }

    /// <summary>
    /// A DenseNet-BC (Huang et al., 2017) for small images: a stem Conv(width, 3x3, same, batch norm), then a
    /// dense block of <c>blocks[i]</c> bottleneck layers of growth rate <paramref name="growth"/> per entry,
    /// a transition (to floor(compression x channels), then 2x2 average pooling) between blocks, batch norm and
    /// ReLU after the last block, and global average pooling. Defaults: blocks [4, 4, 4], growth 12,
    /// compression 0.5, width 2 x growth.
    /// </summary>
    public static ArchitectureSpec DenseNet(string name, IReadOnlyList<int>? blocks = null, int growth = 12, double compression = 0.5, int? width = null)
    {
        blocks ??= [4, 4, 4];
        if (blocks.Count == 0) throw Fail(name, "a densenet needs at least one dense block in blocks");
        if (blocks.Any(b => b <= 0)) throw Fail(name, $"every dense block needs at least one layer, got blocks [{string.Join(", ", blocks)}]");
        if (growth <= 0) throw Fail(name, $"growth must be positive, got {growth}");
        if (!(compression > 0 && compression <= 1))
            throw Fail(name, $"compression must be in (0, 1], got {compression.ToString(CultureInfo.InvariantCulture)}");
        int stem = width ?? 2 * growth;
        if (stem <= 0) throw Fail(name, $"width must be positive, got {stem}");
        var layers = new List<LayerSpec> { Conv(stem, 3, same: true, batchNorm: true) };
        long channels = stem;
        for (int block = 0; block < blocks.Count; block++)
        {
            bool last = block == blocks.Count - 1;
            layers.Add(DenseBlock(growth, blocks[block], closingBatchNorm: last));
            channels += (long)growth * blocks[block];
            if (channels > int.MaxValue) throw Fail(name, $"dense block {block + 1} would have {channels} channels");
            if (last) break;
            channels = Math.Max(1, (long)Math.Floor(compression * channels));
            layers.Add(Transition((int)channels));
        }
        layers.Add(GlobalAvgPool());
        return new ArchitectureSpec(name, layers.ToArray());
    }

    private static IEnumerable<LayerSpec> DenseStack(IReadOnlyList<int> units, double dropout)
    {
        foreach (int n in units)
        {
            yield return Dense(n);
            if (dropout > 0) yield return Dropout(dropout);
        }
    }

    private static void CheckDropout(string name, double dropout)
    {
        if (!(dropout >= 0 && dropout < 1))
            throw Fail(name, $"dropout must be in [0, 1), got {dropout.ToString(CultureInfo.InvariantCulture)}");
    }

    private static InputException Fail(string name, string problem) => new($"architecture '{name}': {problem}");
}
