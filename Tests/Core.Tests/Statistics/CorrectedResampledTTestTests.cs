using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Statistics;

public class CorrectedResampledTTestTests
{
    [Fact]
    public void Five_folds_by_hand()
    {
        double[] a = [0.90, 0.92, 0.91, 0.93, 0.94];
        double[] b = [0.89, 0.90, 0.90, 0.91, 0.92];
        // d = 0.01, 0.02, 0.01, 0.02, 0.02; mean 0.016.
        // Deviations -0.006, 0.004, -0.006, 0.004, 0.004; squares sum to 3*1.6e-5 + 2*3.6e-5 = 1.2e-4.
        // Sample variance 1.2e-4 / 4 = 3e-5.
        // 5-fold: n_test / n_train = 1/4. Corrected variance factor 1/5 + 1/4 = 0.45; 0.45 * 3e-5 = 1.35e-5.
        // t = 0.016 / sqrt(1.35e-5) = 0.016 / 0.0036742346 = 4.3546484; df = 4.
        // p: t(4) has a closed-form CDF, F(t) = 1/2 + (3/4) w - (1/4) w^3 with w = t / sqrt(4 + t^2),
        // so the upper tail is 1/2 - (3/4) w + (1/4) w^3 and p is twice that: 0.0121128.
        double t = 0.016 / Math.Sqrt((1.0 / 5 + 1.0 / 4) * 3e-5);
        double w = t / Math.Sqrt(4 + t * t);
        double upperTail = 0.5 - 0.75 * w + 0.25 * w * w * w;
        var result = CorrectedResampledTTest.Compare(a, b, CorrectedResampledTTest.KFoldTestTrainRatio(5));

        Assert.NotNull(result);
        Assert.Equal(0.016, result.MeanDifference, 12);
        Assert.Equal(4.3546484, result.T, 6);
        Assert.Equal(t, result.T, 9);
        Assert.Equal(4, result.DegreesOfFreedom);
        Assert.Equal(2 * upperTail, result.PValue, 12);
        Assert.Equal(0.012112835399944043, result.PValue, 9); // mpmath, at t = 4.354648431614539
        // One-sided: "a is better" has the upper tail alone, "a is worse" the rest.
        Assert.Equal(upperTail, result.PValueGreater, 12);
        Assert.Equal(1 - upperTail, result.PValueLess, 12);
    }

    [Fact]
    public void Swapping_the_trials_flips_the_sign_only()
    {
        double[] a = [0.81, 0.85, 0.83, 0.80, 0.86, 0.84];
        double[] b = [0.80, 0.82, 0.84, 0.79, 0.83, 0.83];
        var forward = CorrectedResampledTTest.Compare(a, b, 0.25)!;
        var backward = CorrectedResampledTTest.Compare(b, a, 0.25)!;
        Assert.Equal(-forward.MeanDifference, backward.MeanDifference, 15);
        Assert.Equal(-forward.T, backward.T, 12);
        Assert.Equal(forward.PValue, backward.PValue, 12);
    }

    [Fact]
    public void The_correction_makes_the_test_more_conservative_than_the_plain_paired_test()
    {
        double[] a = [0.81, 0.85, 0.83, 0.80, 0.86, 0.84, 0.82, 0.85, 0.84, 0.83];
        double[] b = [0.80, 0.82, 0.84, 0.79, 0.83, 0.83, 0.80, 0.83, 0.82, 0.83];
        var plain = CorrectedResampledTTest.Compare(a, b, 0)!;         // ratio 0: the ordinary paired t-test
        var corrected = CorrectedResampledTTest.Compare(a, b, 1.0 / 9)!;
        Assert.True(corrected.PValue > plain.PValue);
        Assert.Equal(plain.T / Math.Sqrt((0.1 + 1.0 / 9) / 0.1), corrected.T, 12);
    }

    [Fact]
    public void Identical_scores_are_not_different()
    {
        double[] a = [0.9, 0.8, 0.85];
        var result = CorrectedResampledTTest.Compare(a, a, 0.5)!;
        Assert.Equal(0, result.MeanDifference);
        Assert.Equal(0, result.T);
        Assert.Equal(1, result.PValue);
        Assert.Equal(2, result.DegreesOfFreedom);
    }

    [Fact]
    public void A_constant_non_zero_difference_is_infinitely_significant()
    {
        double[] a = [0.5, 0.75, 0.25];
        double[] b = [0.25, 0.5, 0.0]; // d = 0.25 on every fold, exactly
        var better = CorrectedResampledTTest.Compare(a, b, 0.5)!;
        Assert.Equal(0.25, better.MeanDifference);
        Assert.Equal(double.PositiveInfinity, better.T);
        Assert.Equal(0, better.PValue);
        var worse = CorrectedResampledTTest.Compare(b, a, 0.5)!;
        Assert.Equal(double.NegativeInfinity, worse.T);
        Assert.Equal(0, worse.PValue);
    }

    [Fact]
    public void Fewer_than_two_folds_cannot_be_tested()
    {
        Assert.Null(CorrectedResampledTTest.Compare([0.9], [0.8], 0.25));
        Assert.Null(CorrectedResampledTTest.Compare(Array.Empty<double>(), Array.Empty<double>(), 0.25));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CorrectedResampledTTest.Compare([0.9, 0.8], [0.8], 0.25));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrectedResampledTTest.Compare([0.9, 0.8], [0.8, 0.7], -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrectedResampledTTest.Compare([0.9, 0.8], [0.8, 0.7], double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrectedResampledTTest.KFoldTestTrainRatio(1));
        Assert.Equal(0.25, CorrectedResampledTTest.KFoldTestTrainRatio(5));
    }

    [Fact]
    public void A_diverged_fold_gives_no_verdict()
    {
        var result = CorrectedResampledTTest.Compare([0.9, double.NaN, 0.8], [0.8, 0.7, 0.6], 0.5)!;
        Assert.True(double.IsNaN(result.T));
        Assert.True(double.IsNaN(result.PValue));
    }
}
