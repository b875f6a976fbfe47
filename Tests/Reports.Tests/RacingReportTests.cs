using Crossfold.Core.Search;
using Crossfold.Reports;
using Crossfold.Reports.Plots;
using static Crossfold.Tests.Reports.RacedSweepFixture;

namespace Crossfold.Tests.Reports;

/// <summary>A raced sweep's report: an eliminated trial never wins, and every format tells what racing did.</summary>
public class RacingReportTests
{
    [Fact]
    public void An_eliminated_trial_with_the_highest_mean_over_its_few_folds_is_not_the_best()
    {
        var report = Report();
        var eliminated = report.Trials[Eliminated];
        Assert.True(report.Racing!.IsEliminated(Eliminated));
        Assert.True(eliminated.Accuracy!.Mean > report.Trials.Where(t => t.Index != Eliminated).Max(t => t.Accuracy!.Mean));

        Assert.Equal(Best, report.BestTrial);
        Assert.Equal([false, false, true, false], report.Trials.Select(t => t.Best));
        // Every other trial, the eliminated one included, is compared with the best survivor.
        Assert.Null(report.Trials[Best].AgainstBest);
        Assert.All(report.Trials.Where(t => t.Index != Best), t => Assert.Equal(Best, t.AgainstBest!.BestTrial));
    }

    [Fact]
    public void The_tables_and_plots_rank_an_eliminated_trial_after_the_survivors_and_name_the_survivor_best()
    {
        var report = Report();

        Assert.Equal([2, 0, 3, 1], ReportText.Ranked(report).Select(t => t.Index));
        Assert.Contains($"| **best** | {report.Trials[Best].Label.Replace("|", "\\|")} |", MarkdownReportWriter.Write(report));
        Assert.Contains(report.Trials[Best].Label, ReportPlots.Planned(report).Single(p => p.FileName == ReportPlots.ConfusionBestFile).Caption);
    }

    [Fact]
    public void Without_racing_the_same_folds_make_the_highest_mean_the_best()
    {
        var report = ReportBuilder.Build(Results(racing: false));

        Assert.Null(report.Racing);
        Assert.Equal(Eliminated, report.BestTrial);
    }
}
