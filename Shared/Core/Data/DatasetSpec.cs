using MessagePack;

namespace Crossfold.Core.Data;

/// <summary>
/// Where a sweep's images come from, as written in the sweep file and carried in every job.
/// Exactly one of <see cref="Source"/> (a named embedded dataset or a directory of the four MNIST IDX
/// files) or <see cref="Images"/> + <see cref="Labels"/> (explicit IDX or NPY files) is set.
/// Paths are absolute once a sweep has been loaded (relative ones resolve against the sweep file).
/// <see cref="Fingerprint"/>, when given, pins the exact images: a sweep whose files differ is refused.
/// <see cref="Classes"/> names the classes in reports (label order) and so says how many there are (else the
/// labels do: the largest plus one). <see cref="Layout"/> says where a 4-D image array keeps its channels.
/// </summary>
[MessagePackObject]
public sealed record DatasetSpec(
    [property: Key(0)] string? Source,
    [property: Key(1)] string? Images,
    [property: Key(2)] string? Labels,
    [property: Key(3)] string? TestImages,
    [property: Key(4)] string? TestLabels,
    [property: Key(5)] int? Limit,
    [property: Key(6)] string? Fingerprint = null,
    [property: Key(7)] string[]? Classes = null,
    [property: Key(8)] ImageLayout? Layout = null)
{
    /// <summary>The 10,000-image MNIST test split that ships with Crossfold (the default dataset).</summary>
    public const string EmbeddedMnistT10k = "mnist-t10k";

    public static DatasetSpec Embedded(int? limit = null) => new(EmbeddedMnistT10k, null, null, null, null, limit);

    /// <summary>A short human description, e.g. "mnist-t10k (limit 2000)".</summary>
    public override string ToString()
    {
        string what = Source ?? $"{Images} + {Labels}";
        return Limit is int n ? $"{what} (limit {n})" : what;
    }
}
