namespace Crossfold.Core.Statistics;

/// <summary>
/// What a report says about a list of per-fold scores: count, mean, both standard deviations, two 95 %
/// confidence intervals of the mean, and the range.
/// </summary>
/// <param name="N">How many scores.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="PopulationStd">Standard deviation dividing by N: NumPy's default, the seed notebook's "+/-".</param>
/// <param name="SampleStd">Standard deviation dividing by N - 1 (ddof = 1); NaN when N = 1.</param>
/// <param name="CorrectedLow">
/// Lower end of the two-sided 95 % Student-t interval of the mean with Nadeau and Bengio's variance
/// correction: mean ± t(0.975, N - 1) · sqrt((1/N + n_test/n_train) · s²). The interval to quote; NaN when N = 1.
/// </param>
/// <param name="CorrectedHigh">Upper end of that interval; NaN when N = 1.</param>
/// <param name="NaiveLow">
/// Lower end of the plain two-sided 95 % t-interval, mean ± t(0.975, N - 1) · s / sqrt(N), which treats the
/// folds as independent samples. They are not (their training sets overlap), so it is too narrow: kept
/// for comparison only. NaN when N = 1.
/// </param>
/// <param name="NaiveHigh">Upper end of the naive interval; NaN when N = 1.</param>
/// <param name="TestTrainRatio">n_test / n_train of one fold, the correction's term (1 / (k - 1) for k-fold); 0 makes both intervals equal.</param>
/// <param name="Min">The smallest score.</param>
/// <param name="Max">The largest score.</param>
public sealed record Summary(
    int N, double Mean, double PopulationStd, double SampleStd,
    double CorrectedLow, double CorrectedHigh, double NaiveLow, double NaiveHigh, double TestTrainRatio,
    double Min, double Max)
{
    /// <summary>The coverage of both intervals (two-sided).</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>Half the width of the corrected interval, for "mean ± half-width" tables; NaN when N = 1.</summary>
    public double CorrectedHalfWidth => (CorrectedHigh - CorrectedLow) / 2;

    /// <summary>
    /// Summarises <paramref name="values"/> (one score per fold of a k-fold split, possibly repeated; any
    /// order), with <paramref name="testTrainRatio"/> = n_test / n_train of one fold for the corrected
    /// interval (see <see cref="CorrectedResampledTTest.KFoldTestTrainRatio"/>). A NaN score (a diverged
    /// loss) makes every statistic but N NaN, so it cannot pass unnoticed.
    /// </summary>
    /// <exception cref="ArgumentException">values is empty: there is nothing to summarise.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is negative or not finite.</exception>
    public static Summary Of(IReadOnlyList<double> values, double testTrainRatio)
    {
        int n = values.Count;
        if (n == 0) throw new ArgumentException("cannot summarise an empty list of scores", nameof(values));
        double factor = CorrectedResampledTTest.VarianceFactor(n, testTrainRatio);
        double mean = Moments.Mean(values);
        double squares = Moments.SumOfSquaredDeviations(values, mean);
        double min = values[0], max = values[0];
        foreach (double value in values) { min = Math.Min(min, value); max = Math.Max(max, value); }

        double populationStd = Math.Sqrt(squares / n);
        double sampleVariance = n > 1 ? squares / (n - 1) : double.NaN;
        double quantile = n > 1 ? StudentT.Quantile(1 - (1 - ConfidenceLevel) / 2, n - 1) : double.NaN;
        double naive = quantile * Math.Sqrt(sampleVariance / n);
        double corrected = quantile * Math.Sqrt(factor * sampleVariance);
        return new Summary(n, mean, populationStd, Math.Sqrt(sampleVariance),
            mean - corrected, mean + corrected, mean - naive, mean + naive, testTrainRatio, min, max);
    }
}
