using System.Text.Json;
using System.Text.RegularExpressions;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Reports;
using SkiaSharp;

namespace Crossfold.Tests.Reports;

/// <summary>
/// The error gallery: the best trial's folds' mistakes merged most confident first and capped at 32, shown as images
/// with their captions in report.html, listed in report.json (pixels as base64, so a report rebuilt from it draws them too), and as a table in report.md.
/// </summary>
public class ErrorGalleryTests
{
    const int MistakesPerFold = 10, Side = 28;

    /// <summary>
    /// The fixture with galleries on every fold of trials 0 (the best) and 1. In fold f of trial 0, mistake j is image
    /// 1000 f + j of class j, predicted j + 1, with probability 0.99 - 0.01 j in every fold, so equal probabilities
    /// across folds must be ordered by index; each pixel is the image's index mod 251. Fold f has two correct images of
    /// each class c, indices 5000 + 100 f + 10 c and one more, with probabilities 0.9 + 0.01 f.
    /// </summary>
    static SweepResults Results(string[]? names = null)
    {
        var results = ReportFixture.Results();
        var jobs = results.Jobs.Select(j => j.Outcome is null || j.TrialIndex > 1 ? j : j with { Outcome = j.Outcome with { Gallery = Gallery(j.Fold, j.TrialIndex) } }).ToArray();
        return results with { Jobs = jobs, Definition = results.Definition with { Dataset = results.Definition.Dataset with { Classes = names } } };
    }

    static FoldGallery Gallery(int fold, int trial)
    {
        // Trial 1's mistakes are more confident than any of trial 0's: only the best trial's may appear.
        var mistakes = Enumerable.Range(0, MistakesPerFold).Select(j => Image(1000 * fold + j + 100_000 * trial, j, (j + 1) % 10,
            trial == 1 ? 1f : 0.99f - 0.01f * j)).ToArray();
        var examples = Enumerable.Range(0, 10).SelectMany(c => new[] { 0, 1 }.Select(k => Image(5000 + 100 * fold + 10 * c + k, c, c, 0.9f + 0.01f * fold))).ToArray();
        return new FoldGallery(mistakes, examples, Side, Side);
    }

    static GalleryImage Image(int index, int label, int predicted, float probability) =>
        new(index, label, predicted, probability, Enumerable.Repeat((byte)(index % 251), Side * Side).ToArray());

    /// <summary>Trial 0's mistakes in the order the report must show them: by probability (by j), then by index (by fold).</summary>
    static IEnumerable<(int Index, int Fold, int J)> ExpectedMistakes() =>
        Enumerable.Range(0, MistakesPerFold).SelectMany(j => Enumerable.Range(0, 5).Select(f => (1000 * f + j, f, j))).Take(32);

    [Fact]
    public void The_report_merges_the_best_trials_folds_most_confident_first_ties_by_index_capped_at_32()
    {
        var gallery = ReportBuilder.Build(Results()).ErrorGallery!;
        Assert.Equal(0, gallery.Trial);
        Assert.Equal(ExpectedMistakes().Select(m => (m.Index, m.Fold)), gallery.Mistakes.Select(m => (m.Index, m.Fold)));
        Assert.All(gallery.Mistakes, m => Assert.Equal((m.Index % 1000, (m.Index % 1000 + 1) % 10), (m.TrueClass, m.PredictedClass)));
        // Four per class from the five folds' two each: the two most confident folds (4, 3), each pair by index.
        Assert.Equal(40, gallery.Examples.Count);
        Assert.Equal([5420, 5421, 5320, 5321], gallery.Examples.Where(e => e.TrueClass == 2).Select(e => e.Index));
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 4)), gallery.Examples.Select(e => e.TrueClass));
    }

    [Fact]
    public void The_html_shows_32_mistakes_as_png_images_of_their_pixels_with_their_captions()
    {
        var report = ReportBuilder.Build(Results());
        string html = HtmlReportWriter.Write(report, []);
        var figures = Regex.Matches(html, "<figure class=\"mistake\" data-index=\"(\\d+)\"><img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"84\" height=\"84\" alt=\"[^\"]*\"><figcaption>([^<]*)<br>");
        Assert.Equal(32, figures.Count);
        var expected = ExpectedMistakes().ToList();
        for (int i = 0; i < 32; i++)
        {
            var (index, _, j) = expected[i];
            Assert.Equal(index.ToString(), figures[i].Groups[1].Value);
            Assert.Equal($"true {j} → predicted {(j + 1) % 10}, {99 - j}.0 %", figures[i].Groups[3].Value);
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(figures[i].Groups[2].Value));
            Assert.Equal((Side, Side), (bitmap.Width, bitmap.Height));
            Assert.Equal(index % 251, bitmap.GetPixel(13, 7).Red);
        }
        Assert.Equal(40, Regex.Matches(html, "<figure class=\"example\"").Count);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void Captions_and_tables_use_the_sweeps_class_names()
    {
        var report = ReportBuilder.Build(Results(ClassNames.Known["fashion-mnist"]));
        Assert.Contains("<figcaption>true Dress → predicted Coat, 96.0 %<br>", HtmlReportWriter.Write(report, []));
        Assert.Contains("| 3 | 1 | 1 | Dress | Coat | 96.0 % |", MarkdownReportWriter.Write(report));
    }

    [Fact]
    public void The_json_lists_indices_folds_classes_and_probabilities_and_carries_the_pixels_back()
    {
        var report = ReportBuilder.Build(Results());
        string json = JsonReportWriter.Write(report);
        using var doc = JsonDocument.Parse(json);
        var gallery = doc.RootElement.GetProperty("errorGallery");
        var mistakes = gallery.GetProperty("mistakes").EnumerateArray().ToList();
        Assert.Equal(ExpectedMistakes().Select(m => m.Index), mistakes.Select(m => m.GetProperty("index").GetInt32()));
        var first = mistakes[0];
        Assert.Equal((0, 0, 0, 1), (first.GetProperty("repeat").GetInt32(), first.GetProperty("fold").GetInt32(),
            first.GetProperty("trueClass").GetInt32(), first.GetProperty("predictedClass").GetInt32()));
        Assert.Equal(0.99, first.GetProperty("probability").GetDouble(), 1e-6);
        Assert.Equal(40, gallery.GetProperty("examples").GetArrayLength());
        var read = JsonReportWriter.Read(json).ErrorGallery!;
        Assert.Equal(report.ErrorGallery!.Mistakes.Select(m => m.Index), read.Mistakes.Select(m => m.Index));
        // `crossfold report --out` writes report.html from the coordinator's report.json: the images must survive the trip.
        Assert.Equal(report.ErrorGallery.Mistakes[0].Pixels, read.Mistakes[0].Pixels);
        static string[] Images(string html) => System.Text.RegularExpressions.Regex.Matches(html, "data:image/png;base64,[^\"]+").Select(m => m.Value).ToArray();
        var images = Images(HtmlReportWriter.Write(report));
        Assert.NotEmpty(images);
        Assert.Equal(images, Images(HtmlReportWriter.Write(JsonReportWriter.Read(json))));
    }

    [Fact]
    public void The_markdown_lists_the_mistakes_in_order()
    {
        string md = MarkdownReportWriter.Write(ReportBuilder.Build(Results()));
        Assert.Contains("## Error gallery", md);
        var rows = Regex.Matches(md, @"^\| (\d+) \| 1 \| (\d) \| \d \| \d \| [\d.]+ % \|$", RegexOptions.Multiline);
        Assert.Equal(ExpectedMistakes().Select(m => (m.Index.ToString(), (m.Fold + 1).ToString())), rows.Select(r => (r.Groups[1].Value, r.Groups[2].Value)));
    }

    [Fact]
    public void Results_without_galleries_and_images_without_pixels_still_report()
    {
        var plain = ReportBuilder.Build(ReportFixture.Results());
        Assert.Null(plain.ErrorGallery);
        Assert.DoesNotContain("error-gallery", HtmlReportWriter.Write(plain, []));
        Assert.DoesNotContain("errorGallery\": {", JsonReportWriter.Write(plain));

        var results = Results();
        var large = results with { Jobs = results.Jobs.Select(j => j.Outcome?.Gallery is { } g
            ? j with { Outcome = j.Outcome with { Gallery = new FoldGallery(g.Mistakes.Select(m => m with { Pixels = [] }).ToArray(), [], 0, 0) } } : j).ToArray() };
        string html = HtmlReportWriter.Write(ReportBuilder.Build(large), []);
        Assert.Equal(32, Regex.Matches(html, "<figure class=\"mistake\" data-index=\"\\d+\"><figcaption>").Count);
        Assert.DoesNotContain("data:image/png", html);
    }
}
