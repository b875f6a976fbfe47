using System.Text.Json;
using System.Text.RegularExpressions;
using Crossfold.Core.Data;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cli;

/// <summary>
/// The error gallery end to end: `crossfold run` as a user runs it, its worker slots choosing each fold's mistakes from
/// real predictions, and the report showing them: report.html as images, report.json's indices naming real images of
/// the dataset whose labels are the "true" classes.
/// </summary>
public sealed class ErrorGalleryRunTests : IDisposable
{
    const int Limit = 300;
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-gallery-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_run_reports_the_best_trials_most_confident_mistakes_by_dataset_index_and_as_images()
    {
        string sweep = Path.Combine(_dir, "gallery.yaml");
        File.WriteAllText(sweep, $$"""
            name: gallery
            seed: 3
            dataset: {source: mnist-t10k, limit: {{Limit}}}
            noise: {kind: gaussian, sigma: 0.5}
            folds: 2
            architectures: [seed-mlp-1]
            training: {epochs: 1, batch_size: 50}
            """);
        string output = Path.Combine(_dir, "out");
        using var run = NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, ["run", sweep, "--out", output, "--plain", "--local-workers", "2"], _dir);
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), run.Output);
        Assert.True(run.ExitCode == 0, run.Output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var trial = json.RootElement.GetProperty("trials")[0];
        // Each fold carries at most 32 of its mistakes, and the report shows at most 32 of those.
        int wrongPerFolds = trial.GetProperty("folds").EnumerateArray()
            .Sum(f => Math.Min(32, f.GetProperty("testImages").GetInt32() - (int)Math.Round(f.GetProperty("accuracy").GetDouble() * f.GetProperty("testImages").GetInt32())));
        var mistakes = json.RootElement.GetProperty("errorGallery").GetProperty("mistakes").EnumerateArray().ToList();
        Assert.Equal(Math.Min(32, wrongPerFolds), mistakes.Count);
        Assert.True(mistakes.Count > 0, "one epoch on 150 noisy digits should leave mistakes");

        var labels = DatasetLoader.Load(DatasetSpec.Embedded(Limit)).Train.Labels;
        float previous = float.MaxValue;
        foreach (var m in mistakes)
        {
            int index = m.GetProperty("index").GetInt32(), actual = m.GetProperty("trueClass").GetInt32();
            Assert.InRange(index, 0, Limit - 1);
            Assert.Equal(labels[index], actual);
            Assert.NotEqual(actual, m.GetProperty("predictedClass").GetInt32());
            float probability = m.GetProperty("probability").GetSingle();
            Assert.InRange(probability, 0f, previous);
            previous = probability;
        }
        Assert.Equal(mistakes.Count, mistakes.Select(m => (m.GetProperty("index").GetInt32(), m.GetProperty("fold").GetInt32())).Distinct().Count());
        Assert.All(json.RootElement.GetProperty("errorGallery").GetProperty("examples").EnumerateArray(),
            e => Assert.Equal(labels[e.GetProperty("index").GetInt32()], e.GetProperty("trueClass").GetInt32()));

        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<h2>Error gallery</h2>", html);
        var shown = Regex.Matches(html, "<figure class=\"mistake\" data-index=\"(\\d+)\"><img src=\"data:image/png;base64,");
        Assert.Equal(mistakes.Select(m => m.GetProperty("index").GetInt32().ToString()), shown.Select(s => s.Groups[1].Value));
        Assert.Contains("## Error gallery", File.ReadAllText(Path.Combine(output, "report.md")));
    }
}
