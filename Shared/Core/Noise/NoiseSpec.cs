using MessagePack;

namespace Crossfold.Core.Noise;

/// <summary>The kinds of pixel noise a sweep can add.</summary>
public enum NoiseKind
{
    /// <summary>Clean images.</summary>
    None = 0,
    /// <summary>Additive Gaussian noise with standard deviation <see cref="NoiseSpec.Amount"/>.</summary>
    Gaussian = 1,
    /// <summary>A fraction <see cref="NoiseSpec.Amount"/> of pixels set to 0 or 1 (half each).</summary>
    SaltAndPepper = 2,
    /// <summary>Multiplicative noise: p + p * n, n ~ N(0, <see cref="NoiseSpec.Amount"/>²).</summary>
    Speckle = 3,
    /// <summary>Additive uniform noise in [-<see cref="NoiseSpec.Amount"/>, +<see cref="NoiseSpec.Amount"/>].</summary>
    Uniform = 4,
}

/// <summary>One noise setting of a sweep: a kind and its single parameter (sigma, fraction or amplitude).</summary>
[MessagePackObject]
public sealed record NoiseSpec([property: Key(0)] NoiseKind Kind, [property: Key(1)] double Amount)
{
    public static readonly NoiseSpec Clean = new(NoiseKind.None, 0);

    /// <summary>The name used in sweep files and reports, e.g. "gaussian".</summary>
    public static string KindName(NoiseKind kind) => kind switch
    {
        NoiseKind.None => "none",
        NoiseKind.Gaussian => "gaussian",
        NoiseKind.SaltAndPepper => "salt-and-pepper",
        NoiseKind.Speckle => "speckle",
        NoiseKind.Uniform => "uniform",
        _ => kind.ToString(),
    };

    /// <summary>The sweep-file name of this kind's parameter, e.g. "sigma"; null for none.</summary>
    public static string? ParameterName(NoiseKind kind) => kind switch
    {
        NoiseKind.Gaussian or NoiseKind.Speckle => "sigma",
        NoiseKind.SaltAndPepper => "fraction",
        NoiseKind.Uniform => "amplitude",
        _ => null,
    };

    /// <summary>Human label, e.g. "gaussian sigma=0.5".</summary>
    public override string ToString() =>
        ParameterName(Kind) is string p ? $"{KindName(Kind)} {p}={Amount.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}" : KindName(Kind);
}
