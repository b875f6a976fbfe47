using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>
/// The report of a nested sweep: the fixture's five outer folds with two inner folds each, where trial 2 (seed-mlp-1) wins the
/// inner folds of outer folds 1 and 2 and trial 0 (seed-cnn-5) the rest, so the nested estimate mixes both trials' outer scores.
/// </summary>
public sealed class NestedReportTests
{
    static SweepResults Nested()
    {
        var results = ReportFixture.Results();
        var inner = new List<JobRecord>();
        foreach (var outer in results.Jobs)
            for (int i = 0; i < 2; i++)
            {
                bool wins = outer.TrialIndex == (outer.Fold < 2 ? 2 : 0);
                double accuracy = wins ? 0.95 : 0.90 + 0.01 * outer.TrialIndex;
                var outcome = new FoldOutcome(new Evaluation(accuracy, 0.2, ReportFixture.Confusion(0.9), ReportFixture.Classes), [], 4, 480, 240, 30, "node-a", "cpu", 1);
                inner.Add(new JobRecord(100 + inner.Count, outer.TrialIndex, 0, outer.Fold, 1, outcome, null, i));
            }
        return results with
        {
            Definition = results.Definition with { CrossValidation = results.Definition.CrossValidation with { InnerK = 2 } },
            InnerJobs = inner.ToArray(),
        };
    }

    [Fact]
    public void The_nested_section_scores_each_outer_folds_choice_and_compares_it_with_the_plain_best()
    {
        var report = ReportBuilder.Build(Nested());
        var nested = report.Nested!;
        Assert.Equal([2, 2, 0, 0, 0], nested.OuterFolds.Select(f => f.ChosenTrial));
        // Trial 2's outer folds 1 and 2 score 96.5 and 96.0 %, trial 0's folds 3-5 96.0, 97.5 and 96.5 %.
        Assert.Equal([0.965, 0.960, 0.960, 0.975, 0.965], nested.OuterFolds.Select(f => f.OuterAccuracy!.Value));
        Assert.Equal(0.965, nested.NestedAccuracy!.Mean, 12);
        Assert.Equal(0.967, nested.PlainBestAccuracy!.Value, 12);
        Assert.Equal(0.002, nested.NestedOptimism!.Value, 12);
        Assert.Equal([3, 0, 2], nested.InnerTable.Select(r => r.TimesChosen));
        Assert.Equal(0.95, nested.InnerTable[2].InnerAccuracy[0]);
        Assert.Equal("5-fold stratified, nested (2 inner folds)", report.CrossValidation);
        // The main table is the plain cross-validation of every trial on the outer folds, as without nesting.
        Assert.Equal(ReportFixture.Report().Trials.Select(t => t.Accuracy), report.Trials.Select(t => t.Accuracy));
        Assert.Null(ReportFixture.Report().Nested);
    }

    [Fact]
    public void Every_writer_shows_the_section_and_report_json_names_its_numbers_plainly()
    {
        var report = ReportBuilder.Build(Nested());
        string md = MarkdownReportWriter.Write(report);
        Assert.Contains("## Nested cross-validation", md);
        Assert.Contains("Nested estimate: 96.50 % ± 0.55 % (mean ± std over 5 of 5 outer folds; 95 % CI ", md);
        Assert.Contains("two-sided Student-t with Nadeau and Bengio's correction", md);
        Assert.Contains("The best trial's own cross-validation mean is 96.70 %, +0.20 pp above it", md);
        Assert.Contains("| 1 | seed-mlp-1 \\| gaussian sigma=0.5 | 95.00 % | 96.50 % | ", md);
        Assert.Contains("| seed-cnn-5 \\| gaussian sigma=0.5 | 90.00 % | 90.00 % | 95.00 % * | 95.00 % * | 95.00 % * | 3 of 5 |", md);
        Assert.Contains("<section id=\"nested\">", HtmlReportWriter.Write(report, []));
        string json = JsonReportWriter.Write(report);
        foreach (string key in new[] { "\"nested\"", "\"nestedAccuracy\"", "\"correctedLow\"", "\"naiveLow\"", "\"nestedOptimism\"", "\"outerFolds\"", "\"innerTable\"" })
            Assert.Contains(key, json);
        Assert.Equal(report.Nested!.NestedAccuracy, JsonReportWriter.Read(json).Nested!.NestedAccuracy);
    }

    [Fact]
    public void The_caution_under_the_table_points_at_nested_cross_validation_or_at_its_estimate()
    {
        var trials = ReportFixture.Report().Trials;
        var four = trials.Append(trials[0] with { Index = 3 }).ToList();
        Assert.Contains("run nested cross-validation (folds: {k: 5, inner_k: 3})", ReportBuilder.SelectionCaution(four));
        Assert.Contains("the nested estimate below scores the choosing itself", ReportBuilder.SelectionCaution(four, nested: true));
    }
}
