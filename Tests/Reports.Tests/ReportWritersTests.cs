using System.Text.RegularExpressions;
using Crossfold.Reports.Plots;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

public class ReportWritersTests
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Html_is_one_page_with_the_main_table_best_marked_and_significance_per_trial()
    {
        var report = ReportFixture.Report();
        string html = HtmlReportWriter.Write(report);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>" + Environment.NewLine, html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        foreach (string tag in new[] { "table", "tr", "section", "figure", "details", "dl", "ul" })
            Assert.Equal(Regex.Matches(html, $"<{tag}[ >]").Count, Regex.Matches(html, $"</{tag}>").Count);

        string main = Between(html, "<table class=\"main\">", "</table>");
        var rows = Regex.Matches(main, "<tr[^>]*>(.*?)</tr>").Select(m => System.Net.WebUtility.HtmlDecode(m.Value)).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("<tr class=\"best\">", rows[0]);
        Assert.Contains("seed-cnn-5 | gaussian sigma=0.5", rows[0]);
        Assert.Contains("96.70 % ± 0.51 %", rows[0]);
        // Trial 2 (96.25 %) ranks before trial 1 (95.20 %).
        Assert.Contains("seed-mlp-1", rows[1]);
        Assert.Contains("0.6220", rows[1]);
        Assert.Contains("not significant", rows[1]);
        Assert.Contains("(1 failed)", rows[1]);
        Assert.Contains("seed-cnn-2", rows[2]);
        Assert.Contains("0.0111", rows[2]);
        Assert.Contains("significantly worse at 5 %", rows[2]);
        Assert.Contains("-1.50 pp", rows[2]);

        // Per-trial sections: per-class, confusion and fold tables.
        foreach (var t in report.Trials) Assert.Contains($"<section class=\"trial\" id=\"trial-{t.Index}\">", html);
        Assert.Equal(3, Regex.Matches(html, "<table class=\"classes\">").Count);
        Assert.Equal(3, Regex.Matches(html, "<table class=\"confusion\">").Count);
        Assert.Equal(3, Regex.Matches(html, "<table class=\"folds\">").Count);
        Assert.Contains("macro average", html);
        Assert.Contains("worker node-b left the cluster", html);
        Assert.Contains("sha256:fixture", html);
        Assert.Contains("abc123", html);
    }

    [Fact]
    public void Html_inlines_every_plot_as_svg_the_size_of_its_png()
    {
        var report = ReportFixture.Report();
        string html = HtmlReportWriter.Write(report);

        var svgs = Regex.Matches(html, "<svg width=\"(\\d+)\" height=\"(\\d+)\" viewBox=\"0 0 (\\d+) (\\d+)\">");
        var plots = ReportPlots.Planned(report);
        Assert.Equal(plots.Count, svgs.Count);
        for (int i = 0; i < plots.Count; i++)
        {
            var (width, height) = Decode(ReportPlots.RenderFile(report, plots[i].FileName)!);
            var size = svgs[i].Groups;
            Assert.Equal((width, height), (int.Parse(size[1].Value), int.Parse(size[2].Value)));
            Assert.Equal((width, height), (int.Parse(size[3].Value), int.Parse(size[4].Value)));
        }
        Assert.DoesNotContain("<?xml", html);
    }

    [Fact]
    public void Markdown_links_the_plot_files_and_has_the_new_tables()
    {
        string md = MarkdownReportWriter.Write(ReportFixture.Report());

        Assert.Contains("![Fold accuracies](fold-accuracy.png)", md);
        Assert.Contains("![Learning curves](learning-curves.png)", md);
        Assert.Contains("![Confusion matrix of the best trial](confusion-best.png)", md);
        Assert.Contains("| Class | Precision | Recall | F1 | Support |", md);
        Assert.Contains("| true \\ predicted | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |", md);
        Assert.Contains("| Epoch | Folds | Train loss | Train accuracy | Validation loss | Validation accuracy | Test loss | Test accuracy |", md);
        Assert.Contains("| 4 | 4 | 0.2500 | 98.00 % | 0.0875 | 96.50 % | 0.1125 | 95.50 % |", md);
        // Two comparisons with the best: Holm doubles the smaller p-value and keeps the larger.
        Assert.Contains("p = 0.0111 (Holm 0.0221), significantly worse at 5 %", md);
        Assert.Contains("p = 0.6220 (Holm 0.6220), not significant", md);
        Assert.Contains("95 % CI (corrected)", md);
        Assert.Contains("early stopping ended 1 of 5 folds before epoch 4", md);
        Assert.Contains("| node-a | cuda:0 | 8 |", md);
    }

    [Fact]
    public void Reports_read_the_same_on_a_machine_with_another_culture()
    {
        var report = ReportFixture.Report();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            string md = MarkdownReportWriter.Write(report), html = HtmlReportWriter.Write(report);

            Assert.Contains("1,000 images", md);
            Assert.Contains("adam lr 0.001,", md);
            Assert.Contains("| macro average | 0.9672 | 0.9670 | 0.9670 | 1,000 |", md);
            Assert.Contains("720 / 80 / 200", html);
            Assert.Contains("adam lr 0.001,", html);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Csv_stays_one_row_per_fold()
    {
        var lines = CsvReportWriter.Write(ReportFixture.Report()).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(CsvReportWriter.Header, lines[0]);
        Assert.Equal(1 + 15, lines.Length);
        Assert.Single(lines, l => l.Contains(",failed,"));
    }

    [Fact]
    public void Json_carries_the_new_data_and_reads_back()
    {
        var report = ReportFixture.Report();
        string json = JsonReportWriter.Write(report);

        Assert.Contains("\"verdict\": \"significantly-worse\"", json);
        Assert.Contains("\"macroF1\"", json);
        Assert.Contains("\"learningCurve\"", json);
        Assert.Contains("\"trainSeed\"", json);

        var back = JsonReportWriter.Read(json);
        Assert.Equal(report.Trials[1].AgainstBest, back.Trials[1].AgainstBest);
        Assert.Equal(report.Trials[1].LearningCurve, back.Trials[1].LearningCurve);
        Assert.Equal(report.Trials[0].ClassMetrics!.Classes, back.Trials[0].ClassMetrics!.Classes);
        Assert.Equal(JsonReportWriter.Write(back), json);
    }

    [Theory]
    [InlineData("json", ReportFormatKind.Json, "report.json", "application/json; charset=utf-8")]
    [InlineData("md", ReportFormatKind.Markdown, "report.md", "text/markdown; charset=utf-8")]
    [InlineData("CSV", ReportFormatKind.Csv, "folds.csv", "text/csv; charset=utf-8")]
    [InlineData("html", ReportFormatKind.Html, "report.html", "text/html; charset=utf-8")]
    public void Every_format_renders_in_memory(string name, ReportFormatKind kind, string fileName, string contentType)
    {
        Assert.True(ReportRenderer.TryParseFormat(name, out var parsed));
        Assert.Equal(kind, parsed);

        var rendered = ReportRenderer.Render(ReportFixture.Report(), kind);

        Assert.Equal((fileName, contentType), (rendered.FileName, rendered.ContentType));
        Assert.NotEqual(0xEF, rendered.Body[0]);   // no byte order mark
        Assert.Contains("seed-cnn-5", System.Text.Encoding.UTF8.GetString(rendered.Body));
        Assert.Equal(parsed, ReportRenderer.TryParseFormat(ReportRenderer.FormatName(kind), out var again) ? again : (ReportFormatKind?)null);
    }

    [Fact]
    public void Unknown_format_names_are_refused_and_plots_render_by_file_name()
    {
        Assert.False(ReportRenderer.TryParseFormat("pdf", out _));
        Assert.False(ReportRenderer.TryParseFormat(null, out _));

        var report = ReportFixture.Report();
        var plot = ReportRenderer.RenderPlot(report, ReportPlots.LearningCurvesFile)!;
        Assert.Equal("image/png", plot.ContentType);
        Assert.Equal(PngSignature, plot.Body[..8]);
        Assert.Null(ReportRenderer.RenderPlot(report, "../report.json"));
    }

    [Fact]
    public void Files_are_written_together_and_the_markdown_finds_its_plots_beside_it()
    {
        string directory = Path.Combine(Path.GetTempPath(), "crossfold-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = ReportFiles.Write(ReportFixture.Report(), directory);

            Assert.Equal(
                ["confusion-best.png", "fold-accuracy.png", "folds.csv", "learning-curves.png", "report.html", "report.json", "report.md"],
                paths.Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(paths.Order(), Directory.GetFiles(directory).Order());
            string md = File.ReadAllText(Path.Combine(directory, "report.md"));
            foreach (Match link in Regex.Matches(md, @"!\[[^\]]*\]\(([^)]+)\)"))
                Assert.True(File.Exists(Path.Combine(directory, link.Groups[1].Value)), link.Value);

            // A later report without finished folds has no plots: the old pictures go, the page has no image.
            var results = ReportFixture.Results();
            var empty = ReportBuilder.Build(results with { Jobs = results.Jobs.Select(j => j with { Outcome = null, Error = "cancelled" }).ToArray() });
            ReportFiles.Write(empty, directory);
            Assert.Empty(Directory.GetFiles(directory, "*.png"));
            Assert.DoesNotContain("<img", File.ReadAllText(Path.Combine(directory, "report.html")));
            Assert.DoesNotContain(".png", File.ReadAllText(Path.Combine(directory, "report.md")));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    static (int Width, int Height) Decode(byte[] png)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        return (bitmap.Width, bitmap.Height);
    }

    static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        int to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
