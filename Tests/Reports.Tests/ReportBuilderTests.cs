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
        double naive = StudentT.Quantile(0.975, 4) * Math.Sqrt(1.30e-4 / 4) / Math.Sqrt(5);
        Assert.Equal(0.967 - naive, trial.Accuracy.NaiveLow, 12);
        // 5 folds: Nadeau and Bengio's factor 1/5 + 1/4 instead of 1/5.
        double corrected = StudentT.Quantile(0.975, 4) * Math.Sqrt((1.0 / 5 + 1.0 / 4) * 1.30e-4 / 4);
        Assert.Equal(0.967 - corrected, trial.Accuracy.CorrectedLow, 12);
        Assert.Equal(0.967 + corrected, trial.Accuracy.CorrectedHigh, 12);
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
        var a = report.Trials[0] with { Index = 0, Accuracy = Summary.Of([0.9, 0.9], 1), Loss = Summary.Of([0.30, 0.30], 1) };
        var b = report.Trials[1] with { Index = 1, Accuracy = Summary.Of([0.9, 0.9], 1), Loss = Summary.Of([0.20, 0.20], 1) };
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

    [Fact]
    public void Comparisons_with_the_best_carry_raw_and_Holm_adjusted_two_sided_p_values()
    {
        var report = ReportFixture.Report();
        var worse = report.Trials[1].AgainstBest!;
        var same = report.Trials[2].AgainstBest!;

        // Two comparisons: the smaller raw p-value is doubled, the larger kept (it is already above the doubled one).
        Assert.Equal(2 * worse.PValue!.Value, worse.HolmPValue!.Value, 12);
        Assert.Equal(same.PValue!.Value, same.HolmPValue!.Value, 12);
        Assert.Equal(("two-sided", "two-sided"), (worse.Alternative, same.Alternative));
        Assert.Equal(SignificanceVerdict.SignificantlyWorse, worse.Verdict);
    }

    [Fact]
    public void Holm_can_turn_a_raw_significant_difference_into_a_non_significant_one()
    {
        static SignificanceReport Raw(double p) =>
            new(0, 5, 0.25, -0.01, -3, 4, p, true, SignificanceVerdict.SignificantlyWorse, p);

        var adjusted = Significance.AdjustForMultipleComparisons([Raw(0.03), Raw(0.04), Raw(0.2)]);

        // 0.03 x 3 = 0.09 and 0.04 x 2 = 0.08 -> 0.09: neither is significant once three comparisons are made.
        Assert.Equal([0.09, 0.09, 0.2], adjusted.Select(a => Math.Round(a.HolmPValue!.Value, 12)));
        Assert.All(adjusted, a => Assert.Equal(SignificanceVerdict.NotSignificant, a.Verdict));
        Assert.Equal([0.03, 0.04, 0.2], adjusted.Select(a => a.PValue!.Value));
    }

    [Fact]
    public void More_than_a_few_competing_trials_bring_a_caution_about_the_best_mean()
    {
        var trials = ReportFixture.Report().Trials;
        Assert.Null(ReportBuilder.SelectionCaution(trials)); // three trials: a few

        var many = trials.Concat(trials.Select(t => t with { Index = t.Index + 3 })).ToList();
        string caution = ReportBuilder.SelectionCaution(many)!;

        Assert.StartsWith("6 trials compete", caution);
        Assert.Contains("optimistic", caution);
        Assert.Null(ReportBuilder.SelectionCaution(many.Select(t => t with { Accuracy = null }).ToList()));
    }

    [Fact]
    public void Report_json_names_the_corrected_and_naive_intervals_and_the_Holm_p_values_plainly()
    {
        string json = JsonReportWriter.Write(ReportFixture.Report());

        foreach (string key in new[] { "\"correctedLow\"", "\"correctedHigh\"", "\"naiveLow\"", "\"naiveHigh\"", "\"testTrainRatio\"",
                     "\"holmPValue\"", "\"pValue\"", "\"alternative\": \"two-sided\"" })
            Assert.Contains(key, json);
    }
}
