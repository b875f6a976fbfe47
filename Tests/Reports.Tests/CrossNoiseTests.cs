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

/// <summary>Cross-noise matrices: read off the folds' scores under evaluate.noise, the same numbers in every format.</summary>
public class CrossNoiseTests
{
    static readonly NoiseSpec[] TrainNoise = [NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.5)];
    static readonly NoiseSpec[] TestNoise = [NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.25), new(NoiseKind.Gaussian, 0.75)];

    /// <summary>Fold f of trial t scores 0.9 - 0.1 e - 0.01 t - 0.003 f (e + 1)² under evaluation noise e: every cell's mean and spread differ.</summary>
    static double Score(int trial, int fold, int noise) => 0.9 - 0.1 * noise - 0.01 * trial - 0.003 * fold * (noise + 1) * (noise + 1);

    /// <summary>Two architectures x two training noises x 3 folds, made up without training; the last fold of trial 3 has no cross-noise scores.</summary>
    static SweepResults Results(NoiseSpec[]? evaluation = null)
    {
        var architectures = new[] { Presets.Get("seed-cnn-5"), Presets.Get("seed-mlp-1") };
        var training = new TrainingSettings(Epochs: 2);
        var definition = new SweepDefinition("cross", 3, DatasetSpec.Embedded(), TrainNoise, new CrossValidationSpec(3), architectures, training, [],
            EvaluationNoise: evaluation ?? TestNoise);
        var trials = architectures.SelectMany(a => TrainNoise.Select(n => (a, n))).Select((t, i) => new Trial(i, t.a, t.n, training, "")).ToArray();
        var jobs = new List<JobRecord>();
        foreach (var trial in trials)
            for (int fold = 0; fold < 3; fold++)
            {
                double accuracy = 0.95 - 0.01 * trial.Index;
                var scores = trial.Index == 3 && fold == 2 ? null
                    : (evaluation ?? TestNoise).Select((n, e) => new CrossNoiseScore(n, Score(trial.Index, fold, e), 0.1 + e)).ToArray();
                var outcome = new FoldOutcome(new Evaluation(accuracy, 1 - accuracy, ReportFixture.Confusion(accuracy), ReportFixture.Classes),
                    ReportFixture.History(accuracy, 2, fold), 2, 800, ReportFixture.TestImages, 5, "node-a", "cpu", 2, CrossNoise: scores);
                jobs.Add(new JobRecord(jobs.Count, trial.Index, 0, fold, 1, outcome, null));
            }
        return new SweepResults("sweep-cross", definition, new DatasetFacts("sha256:fixture", 600, 28, 28, 10, null), trials,
            jobs.ToArray(), SweepState.Completed, ReportFixture.Created, ReportFixture.Created.AddMinutes(5), "sweeps/cross.yaml", "abc");
    }

    [Fact]
    public void Each_model_gets_a_train_noise_by_test_noise_matrix_of_the_fold_scores_mean_and_std()
    {
        var report = ReportBuilder.Build(Results());

        var matrices = report.CrossNoise!;
        Assert.Equal(["seed-cnn-5", "seed-mlp-1"], matrices.Select(m => m.Model));
        Assert.All(matrices, m => Assert.Equal(["none", "gaussian sigma=0.25", "gaussian sigma=0.75"], m.TestNoise));
        Assert.Equal(["none", "gaussian sigma=0.5"], matrices[1].Rows.Select(r => r.TrainNoise));
        Assert.Equal([2, 3], matrices[1].Rows.Select(r => r.Trial));

        foreach (var row in matrices.SelectMany(m => m.Rows))
            for (int e = 0; e < TestNoise.Length; e++)
            {
                // The per-fold numbers as the report lists them, and as they were made.
                var folds = report.Trials[row.Trial].Folds.Where(f => f.CrossNoise is not null).Select(f => f.CrossNoise![e]).ToList();
                int count = row.Trial == 3 ? 2 : 3;
                Assert.Equal(count, folds.Count);
                Assert.Equal(Enumerable.Range(0, count).Select(f => Score(row.Trial, f, e)), folds.Select(f => f.Accuracy));
                double mean = folds.Average(f => f.Accuracy);
                var cell = row.Cells[e];
                Assert.Equal(TestNoise[e].ToString(), cell.TestNoise);
                Assert.Equal(count, cell.Folds);
                Assert.Equal(mean, cell.Mean!.Value, 12);
                Assert.Equal(Math.Sqrt(folds.Average(f => (f.Accuracy - mean) * (f.Accuracy - mean))), cell.Std!.Value, 12);
                Assert.Equal(0.1 + e, cell.Loss!.Value, 12);
            }
        // The seeds the plan gave the jobs, named in the provenance.
        var planned = SweepPlan.CrossNoise(Results().Definition, 0)!;
        Assert.Equal(planned.Select(c => (c.Noise.ToString(), 0, c.Seed)), report.Provenance.EvaluationNoiseSeeds!.Select(e => (e.Noise, e.Repeat, e.Seed)));
        Assert.Contains($"evaluation noise seeds none {planned[0].Seed}, gaussian sigma=0.25 {planned[1].Seed}", MarkdownReportWriter.Write(report));
        // Hand-checked: trial 0 under sigma=0.75 (e = 2) scores 0.7, 0.673, 0.646.
        Assert.Equal(0.673, matrices[0].Rows[0].Cells[2].Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(2 * 0.027 * 0.027 / 3), matrices[0].Rows[0].Cells[2].Std!.Value, 12);
    }

    [Fact]
    public void Without_evaluate_there_is_no_cross_noise_section_or_plot()
    {
        var results = Results();
        var report = ReportBuilder.Build(results with { Definition = results.Definition with { EvaluationNoise = null } });

        Assert.Empty(report.CrossNoise!);
        Assert.DoesNotContain("Cross-noise", MarkdownReportWriter.Write(report));
        Assert.DoesNotContain("cross-noise", HtmlReportWriter.Write(report));
        Assert.Null(ReportPlots.RenderFile(report, ReportPlots.CrossNoiseFile));
    }

    [Fact]
    public void Markdown_and_html_tables_json_and_the_heatmap_show_the_same_numbers()
    {
        var report = ReportBuilder.Build(Results());
        var cnn = report.CrossNoise![0];
        string clean = "| none | " + string.Join(" | ", cnn.Rows[0].Cells.Select(c => $"{ReportFormat.Percent(c.Mean!.Value)} ± {ReportFormat.Percent(c.Std!.Value)}")) + " |";

        string md = MarkdownReportWriter.Write(report);
        Assert.Contains("## Cross-noise evaluation", md);
        Assert.Contains("### seed-cnn-5", md);
        Assert.Contains($"| {ReportText.CrossNoiseCorner} | none | gaussian sigma=0.25 | gaussian sigma=0.75 |", md);
        Assert.Contains(clean, md);
        Assert.Contains($"![Cross-noise evaluation]({ReportPlots.CrossNoiseFile})", md);

        string html = HtmlReportWriter.Write(report);
        Assert.Contains("<section id=\"cross-noise\">", html);
        Assert.Contains("<table class=\"cross-noise\" data-model=\"seed-mlp-1\">", html);
        Assert.Contains($"<td class=\"num\">{System.Net.WebUtility.HtmlEncode(ReportText.CrossNoiseCell(cnn.Rows[1].Cells[1]))}</td>", html);
        Assert.Equal($"{ReportFormat.Percent(cnn.Rows[1].Cells[1].Mean!.Value)} ± {ReportFormat.Percent(cnn.Rows[1].Cells[1].Std!.Value)}", ReportText.CrossNoiseCell(cnn.Rows[1].Cells[1]));
        int figure = html.IndexOf("<figure id=\"cross-noise\"", StringComparison.Ordinal);
        Assert.True(figure > 0);
        Assert.Contains("<svg", html[figure..html.IndexOf("</figure>", figure, StringComparison.Ordinal)]);

        string json = JsonReportWriter.Write(report);
        Assert.Contains("\"crossNoise\": [", json);
        Assert.Contains("\"testNoise\": [", json);
        var read = JsonReportWriter.Read(json);
        Assert.Equal(cnn.Rows.SelectMany(r => r.Cells), read.CrossNoise![0].Rows.SelectMany(r => r.Cells));
        Assert.Equal(report.Trials[0].Folds[1].CrossNoise, read.Trials[0].Folds[1].CrossNoise);

        byte[] png = ReportPlots.RenderFile(report, ReportPlots.CrossNoiseFile)!;
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((760, 180 + 70 * 4), (bitmap.Width, bitmap.Height));
    }
}
