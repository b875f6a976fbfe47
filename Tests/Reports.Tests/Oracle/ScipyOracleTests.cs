using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossfold.Core.Statistics;
using Crossfold.Core.Training;
using Crossfold.Reports;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Oracle;

/// <summary>
/// Crossfold's statistics against an outside oracle: SciPy, scikit-learn and statsmodels (Debian's
/// /usr/bin/python3, which scripts/test.sh provides) compute the same numbers from the same seeded
/// random inputs, generated here on every run; all must agree to 1e-9 relative. Without that Python the
/// test fails, saying what to install: it never skips.
/// </summary>
public class ScipyOracleTests
{
    const string Python = "/usr/bin/python3";
    const double Relative = 1e-9;

    static readonly string Script = Path.Combine(RepoPaths.Root, "Tests", "Reports.Tests", "Oracle", "oracle.py");

    [Fact]
    public void Crossfold_agrees_with_scipy_sklearn_and_statsmodels_on_seeded_random_inputs()
    {
        var random = new Random(20260301);
        double Uniform(double low, double high) => low + (high - low) * random.NextDouble();
        double[] Scores(int n, double centre) => Enumerable.Range(0, n).Select(_ => Math.Clamp(centre + Uniform(-0.03, 0.03), 0, 1)).ToArray();

        var tCases = Enumerable.Range(0, 300).Select(i => (T: i % 3 == 0 ? Uniform(-40, 40) : Uniform(-5, 5),
            Df: i % 2 == 0 ? random.Next(1, 60) : Uniform(0.5, 300))).ToList();
        var quantiles = Enumerable.Range(0, 200).Select(_ => (P: Math.Pow(10, Uniform(-6, 0)) * (random.Next(2) == 0 ? 1 : -1),
            Df: Uniform(1, 120))).Select(c => (P: c.P > 0 ? c.P : 1 + c.P, c.Df)).Where(c => c.P is > 0 and < 1).ToList();
        var tTests = Enumerable.Range(0, 150).Select(i =>
        {
            int k = random.Next(2, 11), j = k * random.Next(1, 4);
            double centre = Uniform(0.6, 0.95);
            return (A: Scores(j, centre), B: Scores(j, centre - Uniform(-0.02, 0.02)), Ratio: i % 5 == 0 ? 0 : 1.0 / (k - 1));
        }).ToList();
        var summaries = Enumerable.Range(0, 150).Select(i =>
        {
            int k = random.Next(2, 11);
            return (X: Scores(k * random.Next(1, 4), Uniform(0.5, 0.99)), Ratio: i % 5 == 0 ? 0 : 1.0 / (k - 1));
        }).ToList();
        var families = Enumerable.Range(0, 150).Select(_ =>
            Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.Next(10) == 0 ? random.Next(2) * 1.0 : Math.Pow(10, Uniform(-8, 0))).ToArray()).ToList();
        var classifications = Enumerable.Range(0, 60).Select(i =>
        {
            int k = random.Next(2, 12), n = random.Next(1, 400);
            double skill = Uniform(0, 1);
            // Some classes never occur (as truth, or at all), some cases predict one class only: the zero-division corners.
            int trueClasses = i % 4 == 0 ? Math.Max(1, k - 2) : k;
            byte[] truth = Enumerable.Range(0, n).Select(_ => (byte)random.Next(trueClasses)).ToArray();
            long[] predicted = truth.Select(t => random.NextDouble() < skill ? t : i % 7 == 0 ? 0L : random.Next(k)).ToArray();
            return (K: k, Truth: truth, Predicted: predicted);
        }).ToList();

        var input = new JsonObject
        {
            ["student_t"] = new JsonArray(tCases.Select(c => (JsonNode)new JsonObject { ["t"] = c.T, ["df"] = c.Df }).ToArray()),
            ["quantiles"] = new JsonArray(quantiles.Select(c => (JsonNode)new JsonObject { ["p"] = c.P, ["df"] = c.Df }).ToArray()),
            ["t_tests"] = new JsonArray(tTests.Select(c => (JsonNode)new JsonObject { ["a"] = Array(c.A), ["b"] = Array(c.B), ["ratio"] = c.Ratio }).ToArray()),
            ["summaries"] = new JsonArray(summaries.Select(c => (JsonNode)new JsonObject { ["x"] = Array(c.X), ["ratio"] = c.Ratio }).ToArray()),
            ["holm"] = new JsonArray(families.Select(f => (JsonNode)Array(f)).ToArray()),
            ["classification"] = new JsonArray(classifications.Select(c => (JsonNode)new JsonObject
            {
                ["k"] = c.K,
                ["true"] = new JsonArray(c.Truth.Select(t => (JsonNode)(int)t).ToArray()),
                ["pred"] = new JsonArray(c.Predicted.Select(p => (JsonNode)p).ToArray()),
            }).ToArray()),
        };
        var oracle = RunOracle(input.ToJsonString());
        int compared = 0;
        void Near(double expected, double actual, string what)
        {
            compared++;
            double scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
            Assert.True(expected == actual || Math.Abs(expected - actual) <= Relative * scale,
                $"{what}: Crossfold {actual:R}, oracle {expected:R} (relative difference {Math.Abs(expected - actual) / scale:E2})");
        }

        for (int i = 0; i < tCases.Count; i++)
        {
            var (t, df) = tCases[i];
            var o = oracle["student_t"]![i]!;
            string at = $"t = {t:R}, df = {df:R}";
            Near(D(o["cdf"]), StudentT.Cdf(t, df), $"CDF at {at}");
            Near(D(o["two_sided"]), StudentT.TwoSidedPValue(t, df), $"two-sided p at {at}");
            Near(D(o["greater"]), StudentT.UpperPValue(t, df), $"one-sided p (greater) at {at}");
            Near(D(o["less"]), StudentT.UpperPValue(-t, df), $"one-sided p (less) at {at}");
        }
        for (int i = 0; i < quantiles.Count; i++)
            Near(D(oracle["quantiles"]![i]!["ppf"]), StudentT.Quantile(quantiles[i].P, quantiles[i].Df), $"quantile {quantiles[i].P:R} at df = {quantiles[i].Df:R}");
        for (int i = 0; i < tTests.Count; i++)
        {
            var (a, b, ratio) = tTests[i];
            var o = oracle["t_tests"]![i]!;
            var result = CorrectedResampledTTest.Compare(a, b, ratio)!;
            string at = $"t-test {i} ({a.Length} folds, n_test/n_train {ratio:R})";
            Near(D(o["mean"]), result.MeanDifference, $"{at}: mean difference");
            Near(D(o["t"]), result.T, $"{at}: corrected t");
            Assert.Equal((int)D(o["df"]), result.DegreesOfFreedom);
            Near(D(o["two_sided"]), result.PValue, $"{at}: two-sided p");
            Near(D(o["greater"]), result.PValueGreater, $"{at}: one-sided p (greater)");
            Near(D(o["less"]), result.PValueLess, $"{at}: one-sided p (less)");
            if (ratio == 0)
            {
                Near(D(o["plain_two_sided"]), result.PValue, $"{at}: scipy.stats.ttest_rel two-sided p");
                Near(D(o["plain_greater"]), result.PValueGreater, $"{at}: scipy.stats.ttest_rel p (greater)");
                Near(D(o["plain_less"]), result.PValueLess, $"{at}: scipy.stats.ttest_rel p (less)");
            }
        }
        for (int i = 0; i < summaries.Count; i++)
        {
            var (x, ratio) = summaries[i];
            var o = oracle["summaries"]![i]!;
            var s = Summary.Of(x, ratio);
            string at = $"summary {i} ({x.Length} scores, n_test/n_train {ratio:R})";
            Near(D(o["mean"]), s.Mean, $"{at}: mean");
            Near(D(o["population_std"]), s.PopulationStd, $"{at}: population std");
            Near(D(o["sample_std"]), s.SampleStd, $"{at}: sample std");
            Near(D(o["naive"]![0]), s.NaiveLow, $"{at}: naive interval, low end");
            Near(D(o["naive"]![1]), s.NaiveHigh, $"{at}: naive interval, high end");
            Near(D(o["corrected"]![0]), s.CorrectedLow, $"{at}: corrected interval, low end");
            Near(D(o["corrected"]![1]), s.CorrectedHigh, $"{at}: corrected interval, high end");
        }
        for (int i = 0; i < families.Count; i++)
        {
            double[] adjusted = Holm.Adjust(families[i]);
            var o = oracle["holm"]![i]!["adjusted"]!.AsArray();
            for (int j = 0; j < adjusted.Length; j++) Near(D(o[j]), adjusted[j], $"Holm family {i}, p-value {j} ({families[i][j]:R})");
        }
        for (int i = 0; i < classifications.Count; i++)
        {
            var (k, truth, predicted) = classifications[i];
            var o = oracle["classification"]![i]!;
            int[] confusion = ConfusionMatrix.Of(truth, predicted, k);
            Assert.Equal(o["confusion"]!.AsArray().Select(v => (int)v!), confusion);
            var report = ClassMetrics.Compute(confusion, k)!;
            for (int c = 0; c < k; c++)
            {
                string at = $"classification {i}, class {c}";
                Near(D(o["precision"]![c]), report.Classes[c].Precision, $"{at}: precision");
                Near(D(o["recall"]![c]), report.Classes[c].Recall, $"{at}: recall");
                Near(D(o["f1"]![c]), report.Classes[c].F1, $"{at}: F1");
                Assert.Equal((int)D(o["support"]![c]), report.Classes[c].Support);
            }
            Near(D(o["macro"]![0]), report.MacroPrecision, $"classification {i}: macro precision");
            Near(D(o["macro"]![1]), report.MacroRecall, $"classification {i}: macro recall");
            Near(D(o["macro"]![2]), report.MacroF1, $"classification {i}: macro F1");
        }
        Assert.True(compared > 5000, $"only {compared} numbers compared");
    }

    static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());

    static double D(JsonNode? node) => node!.GetValue<double>();

    /// <summary>Runs oracle.py on <paramref name="input"/>; fails the test, saying what to install, when Python or its libraries are missing.</summary>
    static JsonNode RunOracle(string input)
    {
        const string install = "the SciPy oracle needs Debian's /usr/bin/python3 with scipy, scikit-learn and statsmodels: " +
            "apt-get install python3-scipy python3-sklearn python3-statsmodels (scripts/test.sh installs them)";
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing; {install}");
        var start = new ProcessStartInfo(Python, [Script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
            Assert.Fail($"{Python} {Script} exited with {process.ExitCode}: {stderr.Result.Trim()}\n{install}");
        return JsonNode.Parse(stdout.Result, documentOptions: new JsonDocumentOptions()) ?? throw new InvalidDataException("the oracle wrote nothing");
    }
}
