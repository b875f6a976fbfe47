using System.Text.Json;
using Crossfold.Reports;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cli;

/// <summary>`crossfold run` with a noise axis and <c>evaluate</c>: the cross-noise outputs from a real process.</summary>
public sealed class CrossNoiseRunTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-crossnoise-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    const string Sweep = """
        name: cross-noise
        seed: 5
        dataset: {source: mnist-t10k, limit: 300}
        noise: [{kind: none}, {kind: gaussian, sigma: 0.5}]
        evaluate: {noise: [{kind: none}, {kind: gaussian, sigma: 0.75}]}
        folds: 2
        architectures: [seed-mlp-1]
        training: {epochs: 1, batch_size: 50}
        """;

    [Fact]
    public void A_sweep_with_evaluate_writes_the_cross_noise_matrix_checked_against_its_folds_and_the_heatmap()
    {
        string sweep = Path.Combine(_dir, "cross.yaml");
        File.WriteAllText(sweep, Sweep);
        string output = Path.Combine(_dir, "out");
        using var run = NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, ["run", sweep, "--out", output, "--plain", "--local-workers", "1"], _dir);
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), run.Output);
        Assert.True(run.ExitCode == 0, run.Output);

        Assert.True(new FileInfo(Path.Combine(output, "cross-noise.png")).Length > 1000, run.Output);
        string json = File.ReadAllText(Path.Combine(output, "report.json"));
        using (var document = JsonDocument.Parse(json))
        {
            var matrix = Assert.Single(document.RootElement.GetProperty("crossNoise").EnumerateArray());
            Assert.Equal("seed-mlp-1", matrix.GetProperty("model").GetString());
            Assert.Equal(["none", "gaussian sigma=0.75"], matrix.GetProperty("testNoise").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["none", "gaussian sigma=0.5"], matrix.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("trainNoise").GetString()));
        }

        var report = JsonReportWriter.Read(json);
        foreach (var row in report.CrossNoise![0].Rows)
        {
            var trial = report.Trials.Single(t => t.Index == row.Trial);
            Assert.Equal(row.TrainNoise, trial.Noise);
            Assert.Equal(2, trial.Folds.Count);
            for (int column = 0; column < 2; column++)
            {
                var scores = trial.Folds.Select(f => f.CrossNoise![column]).ToList();
                Assert.All(scores, s => Assert.Equal(row.Cells[column].TestNoise, s.Noise));
                double mean = scores.Average(s => s.Accuracy);
                Assert.Equal(2, row.Cells[column].Folds);
                Assert.Equal(mean, row.Cells[column].Mean!.Value, 12);
                Assert.Equal(Math.Abs(scores[0].Accuracy - scores[1].Accuracy) / 2, row.Cells[column].Std!.Value, 12);
            }
            // The clean images were drawn from a seed of their own, yet none adds nothing: a clean-trained model scores
            // the same under evaluate's none as on its own (clean) test fold.
            if (trial.Noise == "none")
                Assert.Equal(trial.Folds.Select(f => f.Accuracy), trial.Folds.Select(f => f.CrossNoise![0].Accuracy));
        }
        Assert.Contains("## Cross-noise evaluation", File.ReadAllText(Path.Combine(output, "report.md")));
        Assert.Contains("<section id=\"cross-noise\">", File.ReadAllText(Path.Combine(output, "report.html")));
    }
}
