using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Statistics;

public class SummaryTests
{
    [Fact]
    public void Four_scores_by_hand()
    {
        // 1, 2, 3, 4: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5.
        // Population std sqrt(5/4) = 1.1180340; sample std sqrt(5/3) = 1.2909944.
        // 95 % interval: t(0.975, 3) = 3.1824463; half-width 3.1824463 * 1.2909944 / sqrt(4) = 2.0542603.
        var s = Summary.Of([3.0, 1.0, 4.0, 2.0]);
        Assert.Equal(4, s.N);
        Assert.Equal(2.5, s.Mean, 14);
        Assert.Equal(Math.Sqrt(1.25), s.PopulationStd, 14);
        Assert.Equal(Math.Sqrt(5.0 / 3), s.SampleStd, 14);
        Assert.Equal(2.5 - 2.0542603, s.ConfidenceLow, 6);
        Assert.Equal(2.5 + 2.0542603, s.ConfidenceHigh, 6);
        Assert.Equal(2.0542603, s.ConfidenceHalfWidth, 6);
        Assert.Equal(1.0, s.Min);
        Assert.Equal(4.0, s.Max);
    }

    [Fact]
    public void Five_fold_accuracies_like_the_seed_notebook()
    {
        // The notebook printed mean and NumPy's std (ddof = 0) as "96.62 % (+/- 0.25 %)".
        double[] accuracies = [0.9630, 0.9655, 0.9670, 0.9690, 0.9665];
        var s = Summary.Of(accuracies);
        double mean = accuracies.Average();
        double population = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / 5);
        Assert.Equal(mean, s.Mean, 15);
        Assert.Equal(population, s.PopulationStd, 15);
        Assert.Equal(population * Math.Sqrt(5.0 / 4), s.SampleStd, 15);
        // df = 4: t = 2.7764451.
        Assert.Equal(2.7764451051977944 * s.SampleStd / Math.Sqrt(5), s.ConfidenceHalfWidth, 12);
    }

    [Fact]
    public void One_score_has_no_sample_spread_or_interval()
    {
        var s = Summary.Of([0.97]);
        Assert.Equal(1, s.N);
        Assert.Equal(0.97, s.Mean);
        Assert.Equal(0.0, s.PopulationStd);
        Assert.True(double.IsNaN(s.SampleStd));
        Assert.True(double.IsNaN(s.ConfidenceLow));
        Assert.True(double.IsNaN(s.ConfidenceHigh));
        Assert.True(double.IsNaN(s.ConfidenceHalfWidth));
    }

    [Fact]
    public void Equal_scores_have_exactly_zero_spread()
    {
        var s = Summary.Of([0.1, 0.1, 0.1]);
        Assert.Equal(0.1, s.Mean);
        Assert.Equal(0.0, s.PopulationStd);
        Assert.Equal(0.0, s.SampleStd);
        Assert.Equal(0.1, s.ConfidenceLow);
        Assert.Equal(0.1, s.ConfidenceHigh);
    }

    [Fact]
    public void A_diverged_fold_is_not_hidden()
    {
        var s = Summary.Of([0.3, double.NaN, 0.2]);
        Assert.Equal(3, s.N);
        Assert.True(double.IsNaN(s.Mean));
        Assert.True(double.IsNaN(s.SampleStd));
    }

    [Fact]
    public void Nothing_to_summarise_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Summary.Of(Array.Empty<double>()));
    }
}
