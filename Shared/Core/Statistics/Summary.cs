namespace Crossfold.Core.Statistics;

/// <summary>
/// What a report says about a list of per-fold scores: count, mean, both standard deviations, a 95 %
/// confidence interval of the mean, and the range.
/// </summary>
/// <param name="N">How many scores.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="PopulationStd">Standard deviation dividing by N: NumPy's default, the seed notebook's "+/-".</param>
/// <param name="SampleStd">Standard deviation dividing by N - 1 (ddof = 1); NaN when N = 1.</param>
/// <param name="ConfidenceLow">Lower end of the 95 % Student-t interval of the mean (df = N - 1); NaN when N = 1.</param>
/// <param name="ConfidenceHigh">Upper end of that interval; NaN when N = 1.</param>
/// <param name="Min">The smallest score.</param>
/// <param name="Max">The largest score.</param>
public sealed record Summary(
    int N, double Mean, double PopulationStd, double SampleStd,
    double ConfidenceLow, double ConfidenceHigh, double Min, double Max)
{
    /// <summary>The coverage of <see cref="ConfidenceLow"/>..<see cref="ConfidenceHigh"/>.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>Half the width of the confidence interval, for "mean ± half-width" tables; NaN when N = 1.</summary>
    public double ConfidenceHalfWidth => (ConfidenceHigh - ConfidenceLow) / 2;

    /// <summary>
    /// Summarises <paramref name="values"/> (one score per fold; any order). A NaN score (a diverged
    /// loss) makes every statistic but N NaN, so it cannot pass unnoticed. Note that folds share training
    /// data, so the interval treats them as independent and is optimistic; compare trials with
    /// <see cref="CorrectedResampledTTest"/>, not by overlapping intervals.
    /// </summary>
    /// <exception cref="ArgumentException">values is empty: there is nothing to summarise.</exception>
    public static Summary Of(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n == 0) throw new ArgumentException("cannot summarise an empty list of scores", nameof(values));
        double mean = Moments.Mean(values);
        double squares = Moments.SumOfSquaredDeviations(values, mean);
        double min = values[0], max = values[0];
        foreach (double value in values) { min = Math.Min(min, value); max = Math.Max(max, value); }

        double populationStd = Math.Sqrt(squares / n);
        double sampleStd = n > 1 ? Math.Sqrt(squares / (n - 1)) : double.NaN;
        double halfWidth = n > 1
            ? StudentT.Quantile(1 - (1 - ConfidenceLevel) / 2, n - 1) * sampleStd / Math.Sqrt(n)
            : double.NaN;
        return new Summary(n, mean, populationStd, sampleStd, mean - halfWidth, mean + halfWidth, min, max);
    }
}
