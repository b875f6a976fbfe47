using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Randomness;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>Reports name the noise seed a sweep used, or each repeat's when the sweep draws noise per repeat.</summary>
public sealed class NoiseSeedsTests
{
    [Fact]
    public void A_sweep_drawing_noise_per_repeat_lists_each_repeats_seed_in_every_format()
    {
        var results = ReportFixture.Results();
        results = results with
        {
            Definition = results.Definition with { NoiseRedraw = NoiseRedraw.PerRepeat, CrossValidation = new CrossValidationSpec(5, Repeats: 3) },
        };

        var report = ReportBuilder.Build(results);

        ulong[] expected = Enumerable.Range(0, 3).Select(r => CounterRandom.Derive(ReportFixture.Seed, "noise", (ulong)r)).ToArray();
        Assert.Equal(expected, report.Provenance.RepeatNoiseSeeds);
        Assert.Equal(expected[0], report.Provenance.NoiseSeed);
        string words = $"noise drawn anew for each repeat, seeds {string.Join(", ", expected)}";
        Assert.Contains(words, MarkdownReportWriter.Write(report));
        Assert.Contains(words, HtmlReportWriter.Write(report));
        Assert.Contains("\"repeatNoiseSeeds\": [", JsonReportWriter.Write(report));
    }

    [Fact]
    public void A_sweep_with_one_noise_draw_names_that_seed_only()
    {
        var report = ReportFixture.Report();

        Assert.Null(report.Provenance.RepeatNoiseSeeds);
        Assert.Contains($"(noise seed {CounterRandom.Derive(ReportFixture.Seed, "noise")}, fold seed", MarkdownReportWriter.Write(report));
    }
}
