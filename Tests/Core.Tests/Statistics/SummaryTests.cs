using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Statistics;

public class SummaryTests
{
    [Fact]
    public void Four_scores_by_hand()
    {
        // 1, 2, 3, 4: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5.
        // Population std sqrt(5/4) = 1.1180340; sample std sqrt(5/3) = 1.2909944.
        // Naive 95 % interval: t(0.975, 3) = 3.1824463; half-width 3.1824463 * 1.2909944 / sqrt(4) = 2.0542603.
        // Corrected for 4-fold (n_test/n_train = 1/3): half-width 3.1824463 * sqrt((1/4 + 1/3) * 5/3) = 3.1379344.
        var s = Summary.Of([3.0, 1.0, 4.0, 2.0], 1.0 / 3);
        Assert.Equal(4, s.N);
        Assert.Equal(2.5, s.Mean, 14);
        Assert.Equal(Math.Sqrt(1.25), s.PopulationStd, 14);
        Assert.Equal(Math.Sqrt(5.0 / 3), s.SampleStd, 14);
        Assert.Equal(2.5 - 2.0542603, s.NaiveLow, 6);
        Assert.Equal(2.5 + 2.0542603, s.NaiveHigh, 6);
        Assert.Equal(2.5 - 3.1379344, s.CorrectedLow, 6);
        Assert.Equal(2.5 + 3.1379344, s.CorrectedHigh, 6);
        Assert.Equal(3.1379344, s.CorrectedHalfWidth, 6);
        Assert.Equal(1.0, s.Min);
        Assert.Equal(4.0, s.Max);
    }

    [Fact]
    public void Five_fold_accuracies_like_the_seed_notebook()
    {
        // The notebook printed mean and NumPy's std (ddof = 0) as "96.62 % (+/- 0.25 %)".
        double[] accuracies = [0.9630, 0.9655, 0.9670, 0.9690, 0.9665];
        var s = Summary.Of(accuracies, 0.25);
        double mean = accuracies.Average();
        double population = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / 5);
        Assert.Equal(mean, s.Mean, 15);
        Assert.Equal(population, s.PopulationStd, 15);
        Assert.Equal(population * Math.Sqrt(5.0 / 4), s.SampleStd, 15);
        // df = 4: t = 2.7764451.
        Assert.Equal(2.7764451051977944 * s.SampleStd / Math.Sqrt(5), (s.NaiveHigh - s.NaiveLow) / 2, 12);
        // Nadeau and Bengio: 1/5 + 1/4 instead of 1/5, a 1.5 times wider interval.
        Assert.Equal(2.7764451051977944 * s.SampleStd * Math.Sqrt(0.45), s.CorrectedHalfWidth, 12);
    }

    [Fact]
    public void Without_a_test_share_the_corrected_interval_is_the_naive_one()
    {
        var s = Summary.Of([0.5, 0.7, 0.6, 0.9], 0);
        Assert.Equal(s.NaiveLow, s.CorrectedLow, 15);
        Assert.Equal(s.NaiveHigh, s.CorrectedHigh, 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => Summary.Of([0.5, 0.7], -0.1));
    }

    [Fact]
    public void One_score_has_no_sample_spread_or_interval()
    {
        var s = Summary.Of([0.97], 0.25);
        Assert.Equal(1, s.N);
        Assert.Equal(0.97, s.Mean);
        Assert.Equal(0.0, s.PopulationStd);
        Assert.True(double.IsNaN(s.SampleStd));
        Assert.True(double.IsNaN(s.CorrectedLow));
        Assert.True(double.IsNaN(s.CorrectedHigh));
        Assert.True(double.IsNaN(s.NaiveLow));
        Assert.True(double.IsNaN(s.CorrectedHalfWidth));
    }

    [Fact]
    public void Equal_scores_have_exactly_zero_spread()
    {
        var s = Summary.Of([0.1, 0.1, 0.1], 0.5);
        Assert.Equal(0.1, s.Mean);
        Assert.Equal(0.0, s.PopulationStd);
        Assert.Equal(0.0, s.SampleStd);
        Assert.Equal(0.1, s.CorrectedLow);
        Assert.Equal(0.1, s.CorrectedHigh);
        Assert.Equal(0.1, s.NaiveLow);
    }

    [Fact]
    public void A_diverged_fold_is_not_hidden()
    {
        var s = Summary.Of([0.3, double.NaN, 0.2], 0.5);
        Assert.Equal(3, s.N);
        Assert.True(double.IsNaN(s.Mean));
        Assert.True(double.IsNaN(s.SampleStd));
    }

    [Fact]
    public void Nothing_to_summarise_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Summary.Of(Array.Empty<double>(), 0.25));
    }
}
