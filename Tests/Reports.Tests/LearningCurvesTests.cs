using Crossfold.Core.Training;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

public class LearningCurvesTests
{
    static EpochMetrics Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) =>
        // The validation numbers (of the split that chooses the epoch) are kept apart from the test fold's.
        new(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, Seconds: 1, ImagesPerSecond: 100,
            ValidationLoss: 2 * testLoss, ValidationAccuracy: testAccuracy / 2);

    [Fact]
    public void Each_epoch_averages_only_the_folds_that_reached_it()
    {
        EpochMetrics[] full =
        [
            Epoch(1, 0.9, 0.70, 0.8, 0.80),
            Epoch(2, 0.5, 0.80, 0.6, 0.85),
            Epoch(3, 0.3, 0.90, 0.5, 0.90),
        ];
        EpochMetrics[] stoppedEarly =
        [
            Epoch(1, 0.7, 0.60, 1.0, 0.70),
            Epoch(2, 0.3, 0.70, 0.8, 0.75),
        ];

        var curve = LearningCurves.Mean([full, stoppedEarly]);

        Assert.Equal([1, 2, 3], curve.Select(p => p.Epoch));
        Assert.Equal([2, 2, 1], curve.Select(p => p.Folds));
        Assert.Equal(0.8, curve[0].TrainLoss, 12);
        Assert.Equal(0.65, curve[0].TrainAccuracy, 12);
        Assert.Equal(0.9, curve[0].TestLoss, 12);
        Assert.Equal(0.75, curve[0].TestAccuracy, 12);
        Assert.Equal(0.80, curve[1].TestAccuracy, 12);
        Assert.Equal(0.7, curve[1].TestLoss, 12);
        Assert.Equal(1.8, curve[0].ValidationLoss, 12);
        Assert.Equal(0.375, curve[0].ValidationAccuracy, 12);
        // Epoch 3 is the first fold's alone, not (0.90 + 0) / 2.
        Assert.Equal(0.90, curve[2].TestAccuracy, 12);
        Assert.Equal(0.3, curve[2].TrainLoss, 12);
    }

    [Fact]
    public void Folds_are_matched_by_epoch_number_not_by_position()
    {
        EpochMetrics[] a = [Epoch(2, 0.4, 0.8, 0.5, 0.82), Epoch(1, 0.8, 0.6, 0.7, 0.72)];
        EpochMetrics[] b = [Epoch(1, 0.6, 0.7, 0.9, 0.68)];

        var curve = LearningCurves.Mean([a, b]);

        Assert.Equal([1, 2], curve.Select(p => p.Epoch));
        Assert.Equal(0.70, curve[0].TestAccuracy, 12);
        Assert.Equal(0.82, curve[1].TestAccuracy, 12);
    }

    [Fact]
    public void No_history_gives_an_empty_curve()
    {
        Assert.Empty(LearningCurves.Mean([]));
        Assert.Empty(LearningCurves.Mean([Array.Empty<EpochMetrics>()]));
    }

    [Fact]
    public void The_fixture_trial_with_an_early_stopped_fold_averages_four_folds_in_its_last_epoch()
    {
        var trial = ReportFixture.Report().Trials[1];

        Assert.Equal([5, 5, 5, 4], trial.LearningCurve.Select(p => p.Folds));
        // Epoch 4: folds 1, 2, 4, 5 ended there at 95.0, 96.0, 95.5, 95.5 %.
        Assert.Equal(0.955, trial.LearningCurve[3].TestAccuracy, 12);
        // Epoch 3: those four were 2 points lower; the early-stopped fold ended at 94.0 %.
        Assert.Equal((0.930 + 0.940 + 0.935 + 0.935 + 0.940) / 5, trial.LearningCurve[2].TestAccuracy, 12);
    }
}
