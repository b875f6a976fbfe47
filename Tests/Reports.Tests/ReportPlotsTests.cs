using Crossfold.Reports.Plots;

namespace Crossfold.Tests.Reports;

public class ReportPlotsTests
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(ReportPlots.FoldAccuracyFile, 1000, 322)]
    [InlineData(ReportPlots.LearningCurvesFile, 1100, 560)]
    [InlineData(ReportPlots.ConfusionBestFile, 760, 660)]
    public void Plots_are_pictures_with_something_in_them(string file, int width, int height)
    {
        byte[] png = ReportPlots.RenderFile(ReportFixture.Report(), file)!;

        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var pixels = bitmap.Pixels;
        int colours = pixels.Distinct().Count();
        double inked = pixels.Count(p => p != SkiaSharp.SKColors.White) / (double)pixels.Length;
        Assert.True(colours > 50, $"{file}: only {colours} distinct colours");
        Assert.InRange(inked, 0.02, 0.9);
    }

    [Fact]
    public void Plot_text_is_drawn_with_the_embedded_font_whatever_the_machine_has()
    {
        PlotFont.Register();
        // Not disposed: ScottPlot caches typefaces and hands the same ones to every plot.
        var typeface = ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: false, italic: false);
        var bold = ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: true, italic: false);

        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.True(bold.IsBold);
        Assert.True(typeface.GlyphCount > 1000);
    }

    [Fact]
    public void The_confusion_heatmap_shades_the_diagonal_and_writes_its_counts_on_it()
    {
        // Ten dark-blue diagonal cells (at most 60 x 56 pixels each) carry white counts.
        byte[] png = ReportPlots.RenderFile(ReportFixture.Report(), ReportPlots.ConfusionBestFile)!;
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        int darkBlue = bitmap.Pixels.Count(p => p.Red < 40 && p.Green < 80 && p.Blue > 90);
        Assert.InRange(darkBlue, 10 * 1500, 10 * 3600);
        int whiteOnDark = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 3; x < bitmap.Width; x++)
            {
                var (pixel, left) = (bitmap.GetPixel(x, y), bitmap.GetPixel(x - 3, y));
                if (pixel.Red > 150 && pixel.Blue > 150 && left.Red < 40 && left.Blue > 90) whiteOnDark++;
            }
        Assert.True(whiteOnDark > 200, $"{whiteOnDark} edges of light text on the dark diagonal");
    }

    [Fact]
    public void Only_plots_with_data_are_planned()
    {
        var report = ReportFixture.Report();
        Assert.Equal([ReportPlots.FoldAccuracyFile, ReportPlots.LearningCurvesFile, ReportPlots.ConfusionBestFile],
            ReportPlots.Planned(report).Select(p => p.FileName));

        var noHistory = report with { Trials = report.Trials.Select(t => t with { LearningCurve = [] }).ToList() };
        Assert.DoesNotContain(ReportPlots.Planned(noHistory), p => p.FileName == ReportPlots.LearningCurvesFile);
        Assert.Null(ReportPlots.RenderFile(noHistory, ReportPlots.LearningCurvesFile));

        var noBest = report with { BestTrial = null, Trials = report.Trials.Select(t => t with { Accuracy = null, Folds = [] }).ToList() };
        Assert.Empty(ReportPlots.Planned(noBest));
        Assert.Empty(ReportPlots.Render(noBest));
    }

    [Fact]
    public void Quartiles_interpolate_like_numpy()
    {
        double[] sorted = [94.0, 95.0, 95.5, 95.5, 96.0];
        Assert.Equal(95.0, ReportPlots.Quantile(sorted, 0.25), 12);
        Assert.Equal(95.5, ReportPlots.Quantile(sorted, 0.5), 12);
        Assert.Equal(95.5, ReportPlots.Quantile(sorted, 0.75), 12);
        Assert.Equal(94.25, ReportPlots.Quantile([94.0, 95.0], 0.25), 12);
        Assert.Equal(97.0, ReportPlots.Quantile([97.0], 0.75), 12);
    }
}
