namespace Crossfold.Core.Statistics;

/// <summary>
/// The result of comparing two trials fold by fold: how much better the first scored on average, and
/// whether that difference is significant.
/// </summary>
/// <param name="MeanDifference">mean(a - b) over the paired folds.</param>
/// <param name="T">The corrected t statistic; ±∞ when every fold differs by the same non-zero amount.</param>
/// <param name="DegreesOfFreedom">J - 1 for J paired folds.</param>
/// <param name="PValue">Two-sided p-value of "no difference" (the alternative: the means differ).</param>
/// <param name="PValueGreater">One-sided p-value against the alternative mean(a - b) &gt; 0: P(T &gt;= t).</param>
/// <param name="PValueLess">One-sided p-value against the alternative mean(a - b) &lt; 0: P(T &lt;= t).</param>
public sealed record CorrectedTTestResult(double MeanDifference, double T, int DegreesOfFreedom, double PValue, double PValueGreater, double PValueLess);

/// <summary>
/// The corrected resampled t-test (Nadeau &amp; Bengio 2003, as used by Bouckaert &amp; Frank 2004) for
/// two trials scored on the same folds. The plain paired t-test treats folds as independent, but their
/// training sets overlap, so it finds "significant" differences far too often; the correction widens the
/// variance by the test/train size ratio.
/// </summary>
public static class CorrectedResampledTTest
{
    /// <summary>
    /// Compares per-fold scores <paramref name="a"/> and <paramref name="b"/>: a[j] and b[j] must come from
    /// the same fold j (same repeat, same fold index), J = k * repeats of them.
    /// With d = a - b: t = mean(d) / sqrt((1/J + n_test/n_train) * var(d)), var with J - 1 in the
    /// denominator, df = J - 1; the two-sided p-value and both one-sided ones.
    /// <para>Returns null when J &lt; 2: one fold says nothing about variance. When all d are equal:
    /// p = 1 (T = 0, one-sided p = 0.5) if they are zero, else T = ±∞ and p = 0. NaN scores give NaN T and p.</para>
    /// </summary>
    /// <param name="a">The first trial's score on each fold.</param>
    /// <param name="b">The second trial's score on the same folds, in the same order.</param>
    /// <param name="testTrainRatio">n_test / n_train of one fold; 1 / (k - 1) for k-fold, see <see cref="KFoldTestTrainRatio"/>.</param>
    /// <exception cref="ArgumentException">a and b differ in length, or the ratio is negative or not finite.</exception>
    public static CorrectedTTestResult? Compare(IReadOnlyList<double> a, IReadOnlyList<double> b, double testTrainRatio)
    {
        if (a.Count != b.Count)
            throw new ArgumentException($"paired scores need the same folds: {a.Count} against {b.Count}", nameof(b));
        if (!(testTrainRatio >= 0) || double.IsPositiveInfinity(testTrainRatio))
            throw new ArgumentOutOfRangeException(nameof(testTrainRatio), testTrainRatio, "must be a finite number >= 0");
        int j = a.Count;
        if (j < 2) return null;

        var d = new double[j];
        for (int i = 0; i < j; i++) d[i] = a[i] - b[i];
        int df = j - 1;
        double mean = Moments.Mean(d);

        // Exactly equal differences: the formula would divide by zero, but the answer is clear.
        if (d.All(x => x == d[0]))
            return mean == 0 ? Result(0, 0, df) : Result(mean, mean > 0 ? double.PositiveInfinity : double.NegativeInfinity, df);

        double variance = Moments.SumOfSquaredDeviations(d, mean) / df;
        return Result(mean, mean / Math.Sqrt(VarianceFactor(j, testTrainRatio) * variance), df);
    }

    static CorrectedTTestResult Result(double mean, double t, int df) =>
        new(mean, t, df, StudentT.TwoSidedPValue(t, df), StudentT.UpperPValue(t, df), StudentT.UpperPValue(-t, df));

    /// <summary>
    /// Nadeau and Bengio's factor 1/J + n_test/n_train, by which the sample variance of J resampled scores
    /// is multiplied to estimate the variance of their mean (the naive factor is 1/J): the folds' training
    /// sets overlap, so their scores are correlated. The t-test and the corrected intervals both use it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">J &lt; 1, or the ratio is negative or not finite.</exception>
    public static double VarianceFactor(int folds, double testTrainRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 1);
        if (!(testTrainRatio >= 0) || double.IsPositiveInfinity(testTrainRatio))
            throw new ArgumentOutOfRangeException(nameof(testTrainRatio), testTrainRatio, "must be a finite number >= 0");
        return 1.0 / folds + testTrainRatio;
    }

    /// <summary>n_test / n_train for k-fold cross-validation: one fold tests, k - 1 train.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2.</exception>
    public static double KFoldTestTrainRatio(int k) =>
        k >= 2 ? 1.0 / (k - 1) : throw new ArgumentOutOfRangeException(nameof(k), k, "k-fold needs k >= 2");
}
