using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Reports;
using Crossfold.Reports.Plots;

namespace Crossfold.Tests.Reports;

/// <summary>Robustness curves: read off a sweep whose noise varies, the same numbers in every format.</summary>
public class RobustnessTests
{
    static readonly NoiseSpec[] NoiseAxis =
    [
        NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.5), new(NoiseKind.Gaussian, 0.25), new(NoiseKind.SaltAndPepper, 0.1),
    ];

    /// <summary>
    /// Two architectures x the noise axis x 3 folds, made up without training: fold f of trial t scores
    /// 0.99 - 0.01 t - 0.004 f, so every trial's mean and spread differ.
    /// </summary>
    static SweepResults Results(NoiseSpec[] noise, string architectureName = "seed-cnn-5")
    {
        var architectures = new[] { Presets.Get("seed-cnn-5") with { Name = architectureName }, Presets.Get("seed-mlp-1") };
        var training = new TrainingSettings(Epochs: 2);
        var definition = new SweepDefinition("noise sweep", 3, DatasetSpec.Embedded(), noise, new CrossValidationSpec(3),
            architectures, training, []);
        var trials = architectures.SelectMany(a => noise.Select(n => (a, n)))
            .Select((t, i) => new Trial(i, t.a, t.n, training, "")).ToArray();
        var jobs = new List<JobRecord>();
        foreach (var trial in trials)
            for (int fold = 0; fold < 3; fold++)
            {
                double accuracy = 0.99 - 0.01 * trial.Index - 0.004 * fold;
                var outcome = new FoldOutcome(new Evaluation(accuracy, 1 - accuracy, ReportFixture.Confusion(accuracy), ReportFixture.Classes),
                    ReportFixture.History(accuracy, 2, fold), 2, 800, ReportFixture.TestImages, 5, "node-a", "cpu", 2);
                jobs.Add(new JobRecord(jobs.Count, trial.Index, 0, fold, 1, outcome, null));
            }
        return new SweepResults("sweep-noise", definition, new DatasetFacts("sha256:fixture", 600, 28, 28, 10, null), trials,
            jobs.ToArray(), SweepState.Completed, ReportFixture.Created, ReportFixture.Created.AddMinutes(5), "sweeps/noise.yaml", "abc");
    }

    [Fact]
    public void Each_model_gets_a_curve_per_noise_kind_starting_from_clean_images_with_the_trials_own_numbers()
    {
        var report = ReportBuilder.Build(Results(NoiseAxis));

        var curves = report.Robustness!;
        Assert.Equal(["seed-cnn-5 gaussian", "seed-cnn-5 salt-and-pepper", "seed-mlp-1 gaussian", "seed-mlp-1 salt-and-pepper"],
            curves.Select(c => $"{c.Model} {c.Noise}"));
        var gaussian = curves[0];
        Assert.Equal("sigma", gaussian.Parameter);
        Assert.Equal([0, 0.25, 0.5], gaussian.Points.Select(p => p.Level));
        // Trial order is clean, 0.5, 0.25: the curve sorts by level, not by trial.
        Assert.Equal([0, 2, 1], gaussian.Points.Select(p => p.Trial));
        Assert.Equal([0, 0.1], curves[1].Points.Select(p => p.Level));
        Assert.Equal("fraction", curves[1].Parameter);

        foreach (var point in curves.SelectMany(c => c.Points))
        {
            var folds = report.Trials[point.Trial].Folds.Select(f => f.Accuracy).ToArray();
            double mean = folds.Average();
            Assert.Equal(mean, point.Mean, 12);
            Assert.Equal(Math.Sqrt(folds.Average(a => (a - mean) * (a - mean))), point.Std, 12);
            Assert.Equal(folds.Min(), point.Min);
            Assert.Equal(folds.Max(), point.Max);
            Assert.Equal(3, point.Folds);
        }
    }

    [Fact]
    public void A_sweep_with_one_noise_setting_has_no_robustness_section_or_plot()
    {
        var report = ReportBuilder.Build(Results([new NoiseSpec(NoiseKind.Gaussian, 0.5)]));

        Assert.Empty(report.Robustness!);
        Assert.DoesNotContain("Robustness", MarkdownReportWriter.Write(report));
        Assert.DoesNotContain(ReportPlots.Planned(report), p => p.FileName == ReportPlots.RobustnessFile);
        Assert.Null(ReportPlots.RenderFile(report, ReportPlots.RobustnessFile));
    }

    [Fact]
    public void Markdown_and_html_tables_show_every_model_at_every_level_and_json_keeps_the_curves()
    {
        var report = ReportBuilder.Build(Results(NoiseAxis));
        var cnn = report.Robustness![0];
        string expected = string.Join(" | ", cnn.Points.Select(p => $"{ReportFormat.Percent(p.Mean)} ± {ReportFormat.Percent(p.Std)}"));

        string md = MarkdownReportWriter.Write(report);
        Assert.Contains("## Robustness to noise", md);
        Assert.Contains("| Model | sigma=0 | sigma=0.25 | sigma=0.5 |", md);
        Assert.Contains($"| seed-cnn-5 | {expected} |", md);
        Assert.Contains("| Model | fraction=0 | fraction=0.1 |", md);

        string html = HtmlReportWriter.Write(report);
        Assert.Contains("<section id=\"robustness\">", html);
        Assert.Contains("<th>sigma=0.25</th>", html);

        var read = JsonReportWriter.Read(JsonReportWriter.Write(report));
        Assert.Equal(report.Robustness.SelectMany(c => c.Points), read.Robustness!.SelectMany(c => c.Points));
    }

    [Fact]
    public void The_robustness_plot_is_a_png_for_markdown_and_inline_svg_in_html()
    {
        var report = ReportBuilder.Build(Results(NoiseAxis));

        byte[] png = ReportPlots.RenderFile(report, ReportPlots.RobustnessFile)!;
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((1100, 560), (bitmap.Width, bitmap.Height));
        Assert.Contains($"![Robustness to noise]({ReportPlots.RobustnessFile})", MarkdownReportWriter.Write(report));

        string html = HtmlReportWriter.Write(report);
        int figure = html.IndexOf("<figure id=\"robustness\"", StringComparison.Ordinal);
        Assert.True(figure > 0);
        string robustness = html[figure..html.IndexOf("</figure>", figure, StringComparison.Ordinal)];
        Assert.StartsWith("<svg width=\"1100\" height=\"560\"", robustness[(robustness.IndexOf('\n') + 1)..]);
        Assert.DoesNotContain("data:image/png", robustness);
        int figures = html.Split("<figure ").Length - 1, svgs = html.Split("<svg").Length - 1;
        Assert.Equal(ReportPlots.Planned(report).Count, figures);
        Assert.Equal(figures, svgs);
    }

    [Fact]
    public void Names_from_the_sweep_file_are_escaped_inside_the_inline_svg()
    {
        var report = ReportBuilder.Build(Results(NoiseAxis, architectureName: "cnn<script>alert(1)</script>&"));

        string html = HtmlReportWriter.Write(report);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void Writing_a_report_without_a_noise_axis_removes_an_earlier_robustness_plot()
    {
        string directory = Directory.CreateTempSubdirectory("crossfold-robustness-").FullName;
        try
        {
            ReportFiles.Write(ReportBuilder.Build(Results(NoiseAxis)), directory);
            Assert.True(File.Exists(Path.Combine(directory, ReportPlots.RobustnessFile)));

            ReportFiles.Write(ReportBuilder.Build(Results([NoiseSpec.Clean])), directory);
            Assert.False(File.Exists(Path.Combine(directory, ReportPlots.RobustnessFile)));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
