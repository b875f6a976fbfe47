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
    public void The_main_tables_say_which_trial_was_eliminated_beside_its_fold_count()
    {
        var report = Report();
        string label = report.Trials[Eliminated].Label;

        Assert.Contains($"|  | {label.Replace("|", "\\|")} | {ReportFormat.Count(report.Trials[Eliminated].Parameters)} | 4 (eliminated after fold 3) |", MarkdownReportWriter.Write(report));
        Assert.Contains($"<a href=\"#trial-{Eliminated}\">{System.Net.WebUtility.HtmlEncode(label)}</a></td><td class=\"num\">{ReportFormat.Count(report.Trials[Eliminated].Parameters)}</td>" +
            "<td class=\"num\">4 <span class=\"eliminated\">(eliminated after fold 3)</span></td>", HtmlReportWriter.Write(report));
        Assert.Single(MarkdownReportWriter.Write(report).Split("(eliminated after fold").Skip(1));
    }

    [Fact]
    public void Without_racing_the_same_folds_make_the_highest_mean_the_best()
    {
        var report = ReportBuilder.Build(Results(racing: false));

        Assert.Null(report.Racing);
        Assert.Equal(Eliminated, report.BestTrial);
    }

    [Fact]
    public void The_racing_summary_counts_the_dropped_fold_as_saved_and_the_fold_run_after_the_decision_as_wasted()
    {
        var racing = Report().Racing!;

        var e = Assert.Single(racing.Eliminated);
        Assert.Equal((Eliminated, 3, Best, 4), (e.Trial, e.Round, e.Leader, e.FoldsRun));
        Assert.InRange(e.AdjustedP, 0, 0.05);
        Assert.Equal((19, 20), (racing.FoldsRun, racing.FoldsPlanned));
        Assert.Equal((76L, 80L, 4L, 4L), (racing.FoldEpochsRun, racing.FoldEpochsFullGrid, racing.FoldEpochsSaved, racing.FoldEpochsWasted));
    }

    [Fact]
    public void Html_has_the_racing_section_markdown_has_with_the_same_facts()
    {
        var report = Report();
        var e = report.Racing!.Eliminated.Single();
        string p = e.AdjustedP.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        string eliminated = report.Trials[Eliminated].Label, leader = report.Trials[Best].Label;
        const string note = "19 of 20 folds ran: 76 fold-epochs against at most 80 for the full grid " +
            "(4 saved; 4 spent on folds of eliminated trials that had started before the decision).";

        string md = MarkdownReportWriter.Write(report);
        Assert.Contains("## Racing\n\n" + note, md.ReplaceLineEndings("\n"));
        Assert.Contains($"| {eliminated.Replace("|", "\\|")} | 3 | {p} | {leader.Replace("|", "\\|")} | 4 |", md);

        string html = HtmlReportWriter.Write(report);
        int start = html.IndexOf("<section id=\"racing\">", StringComparison.Ordinal);
        Assert.True(start > 0, "no racing section");
        string section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Contains($"<p>{note}</p>", section);
        Assert.Contains("<th>Trial</th><th>Eliminated after fold</th><th>Adjusted p</th><th>Leader then</th><th>Folds run</th>", section);
        Assert.Contains($"<tr><td class=\"label\"><a href=\"#trial-{Eliminated}\">{System.Net.WebUtility.HtmlEncode(eliminated)}</a></td><td class=\"num\">3</td>" +
            $"<td class=\"num\">{p}</td><td class=\"label\"><a href=\"#trial-{Best}\">{System.Net.WebUtility.HtmlEncode(leader)}</a></td><td class=\"num\">4</td></tr>", section);
        // In the same place as in report.md: after the main table, before the plots.
        Assert.True(start > html.IndexOf("<section id=\"trials\">", StringComparison.Ordinal));
        Assert.True(start < html.IndexOf("<section id=\"plots\">", StringComparison.Ordinal));
    }

    [Fact]
    public void A_race_that_eliminated_nobody_says_so_in_markdown_and_html_and_a_sweep_without_racing_has_no_section()
    {
        // Fold 3 of trial 1 at 97 % instead of 94.9 %: no longer steadily behind, so nothing is eliminated.
        var results = Results();
        var jobs = results.Jobs.ToArray();
        var third = jobs[Folds + 2];
        jobs[Folds + 2] = third with { Outcome = third.Outcome! with { Test = third.Outcome.Test with { Accuracy = 0.97 } } };
        var report = ReportBuilder.Build(results with { Jobs = jobs });

        Assert.Empty(report.Racing!.Eliminated);
        Assert.Contains(ReportText.NoneEliminated, MarkdownReportWriter.Write(report));
        string html = HtmlReportWriter.Write(report);
        Assert.Contains($"<section id=\"racing\">\n<h2>Racing</h2>", html.ReplaceLineEndings("\n"));
        Assert.Contains($"<p>{ReportText.NoneEliminated}</p>", html);
        Assert.DoesNotContain("<table class=\"racing\">", html);

        var plain = ReportBuilder.Build(Results(racing: false));
        Assert.DoesNotContain("## Racing", MarkdownReportWriter.Write(plain));
        Assert.DoesNotContain("id=\"racing\"", HtmlReportWriter.Write(plain));
    }
}
