using Crossfold.Core.Randomness;
using Crossfold.Core.Statistics;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

public class ReportBuilderTests
{
    [Fact]
    public void The_trial_with_the_highest_mean_accuracy_is_best_and_the_others_are_tested_against_it()
    {
        var report = ReportFixture.Report();

        Assert.Equal(0, report.BestTrial);
        Assert.Equal([true, false, false], report.Trials.Select(t => t.Best));
        Assert.Null(report.Trials[0].AgainstBest);

        var worse = report.Trials[1].AgainstBest!;
        Assert.Equal(SignificanceVerdict.SignificantlyWorse, worse.Verdict);
        Assert.Equal(-Math.Sqrt(20), worse.T!.Value, 9);
        Assert.Equal(0.25, worse.TestTrainRatio, 15);

        var close = report.Trials[2].AgainstBest!;
        Assert.Equal(4, close.PairedFolds);
        Assert.Equal(SignificanceVerdict.NotSignificant, close.Verdict);
        Assert.Equal(-Math.Sqrt(0.3), close.T!.Value, 9);
    }

    [Fact]
    public void Summaries_keep_the_population_and_sample_std_and_the_interval()
    {
        var trial = ReportFixture.Report().Trials[0];

        // 96.5, 97.0, 96.0, 97.5, 96.5: mean 96.7, squared deviations sum 1.30 points².
        Assert.Equal(0.967, trial.Accuracy!.Mean, 12);
        Assert.Equal(Math.Sqrt(1.30e-4 / 5), trial.Accuracy.PopulationStd, 12);
        Assert.Equal(Math.Sqrt(1.30e-4 / 4), trial.Accuracy.SampleStd, 12);
        double half = StudentT.Quantile(0.975, 4) * Math.Sqrt(1.30e-4 / 4) / Math.Sqrt(5);
        Assert.Equal(0.967 - half, trial.Accuracy.ConfidenceLow, 12);
        Assert.Equal(5, trial.Folds.Count);
    }

    [Fact]
    public void Per_class_metrics_come_from_the_confusion_matrix_summed_over_folds()
    {
        var report = ReportFixture.Report();
        var trial = report.Trials[2];

        // Four folds of 200 images; one failed fold adds nothing.
        var expected = new int[100];
        foreach (double accuracy in ReportFixture.Accuracies[2])
        {
            var fold = ReportFixture.Confusion(accuracy);
            for (int i = 0; i < 100; i++) expected[i] += fold[i];
        }
        Assert.Equal(expected, trial.Confusion);
        Assert.Equal(800, trial.ClassMetrics!.Total);
        Assert.Equal((193 + 192 + 194 + 191) / 800.0, trial.ClassMetrics.Accuracy, 12);
        Assert.Equal(ClassMetrics.Compute(expected, 10)!.MacroF1, trial.ClassMetrics.MacroF1, 15);
        // The folds have 7, 8, 6 and 9 errors; error j leaves class j mod 10. So class 0 loses one image per fold
        // and is never predicted wrongly; class 9 loses none and receives class 8's error of the 9-error fold.
        var (zero, nine) = (trial.ClassMetrics.Classes[0], trial.ClassMetrics.Classes[9]);
        Assert.Equal((80, 76, 76), (zero.Support, zero.Correct, zero.Predicted));
        Assert.Equal((1.0, 0.95), (zero.Precision, zero.Recall));
        Assert.Equal((80, 80, 81), (nine.Support, nine.Correct, nine.Predicted));
        Assert.Equal(80.0 / 81, nine.Precision, 12);
    }

    [Fact]
    public void Each_fold_names_its_node_device_time_and_training_seed()
    {
        var fold = ReportFixture.Report().Trials[0].Folds[3];

        Assert.Equal(("node-b", "cpu", 4, 90.0), (fold.Node, fold.Device, fold.Threads, fold.Seconds));
        Assert.Equal(CounterRandom.Derive(ReportFixture.Seed, "train", 0, 3), fold.TrainSeed);
    }

    [Fact]
    public void Failed_folds_are_listed_with_their_error()
    {
        var failed = Assert.Single(ReportFixture.Report().Trials[2].FailedFolds);

        Assert.Equal((0, 4, 3), (failed.Repeat, failed.Fold, failed.Attempts));
        Assert.Contains("left the cluster", failed.Error);
    }

    [Fact]
    public void Equal_mean_accuracy_is_decided_by_the_lower_mean_loss()
    {
        var report = ReportFixture.Report();
        var a = report.Trials[0] with { Index = 0, Accuracy = Summary.Of([0.9, 0.9]), Loss = Summary.Of([0.30, 0.30]) };
        var b = report.Trials[1] with { Index = 1, Accuracy = Summary.Of([0.9, 0.9]), Loss = Summary.Of([0.20, 0.20]) };
        var none = report.Trials[2] with { Index = 2, Accuracy = null, Loss = null };

        Assert.Equal(1, ReportBuilder.Best([a, b, none]));
        Assert.Null(ReportBuilder.Best([none]));
    }

    [Fact]
    public void A_sweep_with_no_finished_fold_has_no_best_trial_and_no_comparisons()
    {
        var results = ReportFixture.Results();
        results = results with { Jobs = results.Jobs.Select(j => j with { Outcome = null, Error = "cancelled" }).ToArray() };

        var report = ReportBuilder.Build(results);

        Assert.Null(report.BestTrial);
        Assert.All(report.Trials, t =>
        {
            Assert.Null(t.AgainstBest);
            Assert.Null(t.ClassMetrics);
            Assert.Empty(t.LearningCurve);
        });
    }
}
