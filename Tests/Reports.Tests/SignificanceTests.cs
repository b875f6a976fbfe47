using Crossfold.Core.Statistics;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

public class SignificanceTests
{
    static FoldReport Fold(int repeat, int fold, double accuracy) =>
        new(0, repeat, fold, 0, accuracy, 0.1, 1, 1, 800, 0, 200, 1, "node", "cpu", 1, 1, [], []);

    static IReadOnlyList<FoldReport> Folds(params double[] accuracies) =>
        accuracies.Select((a, i) => Fold(0, i, a)).ToList();

    [Fact]
    public void A_consistently_lower_trial_is_significantly_worse_with_the_corrected_t()
    {
        var best = Folds(0.965, 0.970, 0.960, 0.975, 0.965);
        var other = Folds(0.950, 0.960, 0.940, 0.955, 0.955);

        var s = Significance.Compare(other, best, bestIndex: 0, k: 5);

        // d = -1.5, -1.0, -2.0, -2.0, -1.0 points: mean -1.5, sample variance 0.25 points²;
        // t = -1.5 / sqrt((1/5 + 1/(5-1)) * 0.25) = -sqrt(20), df = 4.
        Assert.Equal(5, s.PairedFolds);
        Assert.Equal(0.25, s.TestTrainRatio, 15);
        Assert.Equal(-0.015, s.MeanDifference!.Value, 12);
        Assert.Equal(-Math.Sqrt(20), s.T!.Value, 9);
        Assert.Equal(4, s.DegreesOfFreedom);
        // For df = 4, P(|T| >= t) = 1 - x (3 - x²) / 2 with x = t / sqrt(t² + 4) = sqrt(5/6): 0.0110565.
        double x = Math.Sqrt(5.0 / 6);
        Assert.Equal(1 - x * (3 - x * x) / 2, s.PValue!.Value, 9);
        Assert.Equal(StudentT.TwoSidedPValue(-Math.Sqrt(20), 4), s.PValue!.Value, 9);
        Assert.True(s.Significant);
        Assert.Equal(SignificanceVerdict.SignificantlyWorse, s.Verdict);
        Assert.Equal(0, s.BestTrial);
    }

    [Fact]
    public void The_correction_makes_the_test_stricter_than_the_plain_paired_t_test()
    {
        var best = Folds(0.965, 0.970, 0.960, 0.975, 0.965);
        var other = Folds(0.950, 0.960, 0.940, 0.955, 0.955);

        var corrected = Significance.Compare(other, best, 0, 5);
        var plain = CorrectedResampledTTest.Compare(other.Select(f => f.Accuracy).ToList(), best.Select(f => f.Accuracy).ToList(), 0)!;

        Assert.Equal(-Math.Sqrt(45), plain.T, 9);          // -1.5 / sqrt(0.25 / 5)
        Assert.True(corrected.PValue > plain.PValue);
    }

    [Fact]
    public void Only_folds_both_trials_finished_are_paired_whatever_their_order()
    {
        var best = Folds(0.965, 0.970, 0.960, 0.975, 0.965);
        // The fifth fold failed; the others arrive out of order.
        var other = new[] { Fold(0, 3, 0.955), Fold(0, 0, 0.965), Fold(0, 2, 0.970), Fold(0, 1, 0.960) };

        var s = Significance.Compare(other, best, 0, 5);

        // d = 0, -1, +1, -2 points: mean -0.5, variance 5/3 points²; t = -0.5 / sqrt((1/4 + 1/4) * 5/3) = -sqrt(0.3), df = 3.
        Assert.Equal(4, s.PairedFolds);
        Assert.Equal(-0.005, s.MeanDifference!.Value, 12);
        Assert.Equal(-Math.Sqrt(0.3), s.T!.Value, 9);
        Assert.Equal(3, s.DegreesOfFreedom);
        // For df = 3, P(|T| < t) = (2/π)(θ + sin θ cos θ) with θ = atan(t / sqrt(3)): p = 0.622002.
        double theta = Math.Atan(Math.Sqrt(0.1));
        Assert.Equal(1 - 2 / Math.PI * (theta + Math.Sin(theta) * Math.Cos(theta)), s.PValue!.Value, 9);
        Assert.False(s.Significant);
        Assert.Equal(SignificanceVerdict.NotSignificant, s.Verdict);
    }

    [Fact]
    public void Folds_of_different_repeats_are_different_folds()
    {
        var best = new[] { Fold(0, 0, 0.96), Fold(0, 1, 0.97), Fold(1, 0, 0.95) };
        var other = new[] { Fold(1, 0, 0.94), Fold(1, 1, 0.93), Fold(0, 1, 0.95) };

        var s = Significance.Compare(other, best, 0, 2);

        // Shared: (0, 1) and (1, 0); (1, 1) and (0, 0) are in one trial only.
        Assert.Equal(2, s.PairedFolds);
        Assert.Equal(-0.015, s.MeanDifference!.Value, 12);
        Assert.Equal(1.0, s.TestTrainRatio, 15);
    }

    [Fact]
    public void Fewer_than_two_shared_folds_are_not_enough()
    {
        var best = Folds(0.965, 0.970, 0.960);
        var one = new[] { Fold(0, 1, 0.95), Fold(0, 7, 0.99) };

        foreach (var other in new[] { one, Array.Empty<FoldReport>() })
        {
            var s = Significance.Compare(other, best, 2, 5);
            Assert.Equal(SignificanceVerdict.NotEnoughFolds, s.Verdict);
            Assert.Null(s.PValue);
            Assert.Null(s.T);
            Assert.Null(s.MeanDifference);
            Assert.False(s.Significant);
            Assert.Equal(2, s.BestTrial);
        }
        Assert.Equal(1, Significance.Compare(one, best, 2, 5).PairedFolds);
        Assert.Equal("not enough folds", Significance.Describe(SignificanceVerdict.NotEnoughFolds));
    }

    [Fact]
    public void Verdicts_read_as_the_report_prints_them()
    {
        Assert.Equal("significantly worse at 5 %", Significance.Describe(SignificanceVerdict.SignificantlyWorse));
        Assert.Equal("not significant", Significance.Describe(SignificanceVerdict.NotSignificant));
        Assert.Equal("p = 0.0111", ReportFormat.P(0.011056));
        Assert.Equal("p < 0.0001", ReportFormat.P(3e-7));
        Assert.Equal("p < 0.0001", ReportFormat.P(0));
    }
}
