using System.Globalization;
using Crossfold.Core.Randomness;
using MessagePack;

namespace Crossfold.Core.Search;

/// <summary>A continuous or integer range a random search draws a hyperparameter from.</summary>
public enum DistributionKind { Uniform, LogUniform, IntUniform, IntLogUniform }

/// <summary>
/// A hyperparameter's range for random search, e.g. <c>learning_rate: {log_uniform: [0.0001, 0.01]}</c>.
/// Bounds are inclusive. Continuous draws are rounded to four significant digits, so the value a trial
/// trains with is exactly the one its label shows.
/// </summary>
[MessagePackObject]
public sealed record Distribution(
    [property: Key(0)] DistributionKind Kind,
    [property: Key(1)] double Low,
    [property: Key(2)] double High)
{
    /// <summary>The sweep-file names of the distributions, <c>choice</c> (a list) first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["choice", "uniform", "log_uniform", "int_uniform", "int_log_uniform"];

    /// <summary>The kind named <paramref name="name"/> in a sweep file, or null (also for <c>choice</c>, which is a list).</summary>
    public static DistributionKind? KindOf(string name) => name switch
    {
        "uniform" => DistributionKind.Uniform,
        "log_uniform" => DistributionKind.LogUniform,
        "int_uniform" => DistributionKind.IntUniform,
        "int_log_uniform" => DistributionKind.IntLogUniform,
        _ => null,
    };

    /// <summary>Draws integers.</summary>
    [IgnoreMember]
    public bool IsInteger => Kind is DistributionKind.IntUniform or DistributionKind.IntLogUniform;

    /// <summary>Draws on a logarithmic scale (both bounds must be positive).</summary>
    [IgnoreMember]
    public bool IsLog => Kind is DistributionKind.LogUniform or DistributionKind.IntLogUniform;

    /// <summary>How many values it can draw: high - low + 1 for integers, null (unbounded) for continuous ranges.</summary>
    [IgnoreMember]
    public long? Size => IsInteger ? (long)High - (long)Low + 1 : null;

    /// <summary>
    /// The value at <paramref name="u"/> in [0, 1), as a sweep file would write it: uniform on the
    /// range (or on its logarithm), integers inclusive of both bounds, continuous values rounded to four
    /// significant digits and kept inside the bounds. Logarithms are <see cref="PortableMath"/>'s, not the platform's,
    /// so every machine draws the same trials from a seed.
    /// </summary>
    public string At(double u)
    {
        if (IsInteger)
        {
            // Integer log draws spread over [log low, log(high + 1)), so every integer has the width of its own interval.
            double x = IsLog ? PortableMath.Exp(PortableMath.Log(Low) + u * (PortableMath.Log(High + 1) - PortableMath.Log(Low))) : Low + u * (High - Low + 1);
            long n = Math.Clamp((long)Math.Floor(x), (long)Low, (long)High);
            return n.ToString(CultureInfo.InvariantCulture);
        }
        double value = IsLog ? PortableMath.Exp(PortableMath.Log(Low) + u * (PortableMath.Log(High) - PortableMath.Log(Low))) : Low + u * (High - Low);
        double rounded = Math.Clamp(double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), Low, High);
        return rounded.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>How the distribution reads in a sweep file, e.g. "log_uniform [0.0001, 0.01]".</summary>
    public override string ToString() =>
        $"{Names[(int)Kind + 1]} [{Low.ToString("R", CultureInfo.InvariantCulture)}, {High.ToString("R", CultureInfo.InvariantCulture)}]";
}
