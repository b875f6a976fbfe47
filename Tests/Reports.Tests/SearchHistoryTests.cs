using Crossfold.Core.Search;
using Crossfold.Reports;
using Crossfold.Reports.Plots;
using static Crossfold.Tests.Reports.RacedSweepFixture;

namespace Crossfold.Tests.Reports;

/// <summary>A random search's history: each trial's mean in proposal order and the best so far, in every format.</summary>
public class SearchHistoryTests
{
    [Fact]
    public void Each_trial_in_proposal_order_with_the_best_mean_so_far_which_an_eliminated_trial_never_raises()
    {
        var history = Report().SearchHistory!;

        Assert.Equal([0, 1, 2, 3], history.Select(p => p.Trial));
        Assert.Equal([0.94, 0.96, 0.944, 0.938], history.Select(p => p.Mean), (a, b) => Math.Abs(a - b) < 1e-12);
        // Trial 1's 96 % is the highest mean, but racing eliminated it: the best so far stays at trial 0's 94 %.
        Assert.Equal([0.94, 0.94, 0.944, 0.944], history.Select(p => p.BestSoFar!.Value), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([false, true, false, false], history.Select(p => p.Eliminated));
    }

    [Fact]
    public void The_last_best_so_far_is_the_reports_best_trial()
    {
        var report = Report();
        Assert.Equal(report.Trials[report.BestTrial!.Value].Accuracy!.Mean, report.SearchHistory![^1].BestSoFar);
    }

    [Fact]
    public void Before_the_first_surviving_trial_there_is_no_best_and_trials_without_a_fold_are_left_out()
    {
        var report = Report();
        var trials = report.Trials.Select(t => t.Index == 3 ? t with { Accuracy = null, Folds = [] } : t).ToList();
        var racing = report.Racing! with { Eliminated = [new EliminatedTrial(0, 3, 0.01, 2, 3), new EliminatedTrial(1, 3, 0.002, 2, 4)] };

        var history = SearchHistory.Of(new SearchSpec(SearchMethod.Random, 4), trials, racing)!;

        Assert.Equal([0, 1, 2], history.Select(p => p.Trial));
        Assert.Equal([null, null, 0.944], history.Select(p => p.BestSoFar), (a, b) => a is null ? b is null : Math.Abs(a.Value - b!.Value) < 1e-12);
        Assert.Equal([true, true, false], history.Select(p => p.Eliminated));
    }

    [Fact]
    public void A_grid_has_no_history_a_random_search_without_racing_has_one_with_nothing_eliminated()
    {
        var grid = ReportBuilder.Build(Results(SearchMethod.Grid));
        Assert.Null(grid.SearchHistory);
        Assert.Null(SearchHistory.Of(null, grid.Trials, null));
        Assert.DoesNotContain(ReportPlots.Planned(grid), p => p.FileName == ReportPlots.SearchHistoryFile);
        Assert.Null(ReportPlots.RenderFile(grid, ReportPlots.SearchHistoryFile));
        Assert.DoesNotContain(ReportPlots.SearchHistoryFile, MarkdownReportWriter.Write(grid));

        var plain = ReportBuilder.Build(Results(racing: false));
        Assert.All(plain.SearchHistory!, p => Assert.False(p.Eliminated));
        // Without racing trial 1 counts: it raises the best so far to its 96 %.
        Assert.Equal(0.96, plain.SearchHistory![1].BestSoFar!.Value, 12);
        Assert.DoesNotContain("hollow", ReportPlots.Planned(plain).Single(p => p.FileName == ReportPlots.SearchHistoryFile).Caption);
    }

    [Fact]
    public void Json_keeps_the_history()
    {
        var report = Report();

        string json = JsonReportWriter.Write(report);
        Assert.Contains("\"searchHistory\": [", json);
        Assert.Contains("\"bestSoFar\":", json);
        Assert.Equal(report.SearchHistory, JsonReportWriter.Read(json).SearchHistory);
    }

    [Fact]
    public void The_plot_is_a_png_linked_from_markdown_and_inline_svg_in_html_naming_eliminated_trials()
    {
        var report = Report();

        byte[] png = ReportPlots.RenderFile(report, ReportPlots.SearchHistoryFile)!;
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((1100, 560), (bitmap.Width, bitmap.Height));
        double inked = bitmap.Pixels.Count(p => p != SkiaSharp.SKColors.White) / (double)bitmap.Pixels.Length;
        Assert.InRange(inked, 0.02, 0.9);
        var plot = ReportPlots.Planned(report).Single(p => p.FileName == ReportPlots.SearchHistoryFile);
        Assert.Contains("hollow dots are trials racing eliminated", plot.Caption);
        Assert.Contains($"![Search history]({ReportPlots.SearchHistoryFile})", MarkdownReportWriter.Write(report));

        string html = HtmlReportWriter.Write(report);
        int figure = html.IndexOf("<figure id=\"search-history\"", StringComparison.Ordinal);
        Assert.True(figure > 0, "no search-history figure");
        string svg = html[figure..html.IndexOf("</figure>", figure, StringComparison.Ordinal)];
        Assert.StartsWith("<svg width=\"1100\" height=\"560\"", svg[(svg.IndexOf('\n') + 1)..]);
        Assert.Contains("eliminated by racing", svg);
        Assert.Contains("best so far", svg);
    }

    [Fact]
    public void Writing_a_grid_report_removes_an_earlier_search_history_plot()
    {
        string directory = Directory.CreateTempSubdirectory("crossfold-search-history-").FullName;
        try
        {
            ReportFiles.Write(Report(), directory);
            Assert.True(File.Exists(Path.Combine(directory, ReportPlots.SearchHistoryFile)));

            ReportFiles.Write(ReportBuilder.Build(Results(SearchMethod.Grid)), directory);
            Assert.False(File.Exists(Path.Combine(directory, ReportPlots.SearchHistoryFile)));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
