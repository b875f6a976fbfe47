using System.Text.RegularExpressions;
using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>The sweep files and documentation examples that ship with Crossfold must stay valid.</summary>
public class SweepFilesInRepositoryTests
{
    private static SweepFile Load(string relativePath)
    {
        string path = Path.Combine(SweepYaml.RepositoryRoot(), relativePath);
        return SweepFileParser.Parse(File.ReadAllText(path), path);
    }

    [Fact]
    public void Quick_sweep_is_the_readme_command()
    {
        var d = Load("sweeps/quick.yaml").Definition;
        Assert.Equal(DatasetSpec.Embedded(), d.Dataset);
        Assert.Equal([new NoiseSpec(NoiseKind.Gaussian, 0.5)], d.Noise);
        Assert.Equal(["seed-mlp-4", "seed-cnn-2", "seed-cnn-5"], d.Architectures.Select(a => a.Name));
        Assert.Equal((5, true), (d.CrossValidation.K, d.CrossValidation.Stratified));
        Assert.Equal((6, 100), (d.Training.Epochs, d.Training.BatchSize));
        Assert.Equal(15, SweepPlan.Create(d, "quick", "f", 28, 28).Jobs.Count);
    }

    [Fact]
    public void Seed_notebook_sweep_reproduces_the_notebook()
    {
        var d = Load("sweeps/seed-notebook.yaml").Definition;
        Assert.Equal(Presets.All, d.Architectures);
        Assert.Equal(Path.Combine(SweepYaml.RepositoryRoot(), "data", "mnist-full"), d.Dataset.Source);
        Assert.Equal([new NoiseSpec(NoiseKind.Gaussian, 0.5)], d.Noise);
        Assert.Equal(5, d.CrossValidation.K);
        Assert.Equal((50, 100, 5), (d.Training.Epochs, d.Training.BatchSize, d.Training.EarlyStoppingPatience));
        // The epoch is chosen on 10 % of each fold's training part, never on the fold's test part.
        Assert.Equal(0.1, d.Training.ValidationSplit);
        Assert.Equal(0.1, d.Training.ValidationFraction);
        Assert.False(d.ExplicitOptimizer); // seed-mlp-1 keeps its RMSprop
        Assert.True(d.Refit);
    }

    public static TheoryData<int, string, string> DocumentedExamples()
    {
        var data = new TheoryData<int, string, string>();
        string doc = File.ReadAllText(Path.Combine(SweepYaml.RepositoryRoot(), "docs", "sweep-file.md"));
        var blocks = Regex.Matches(doc, @"^```(yaml|json)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);
        foreach (Match block in blocks) data.Add(block.Index, block.Groups[1].Value, block.Groups[2].Value);
        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentedExamples))]
    public void Every_documented_example_parses(int offset, string language, string text)
    {
        _ = (offset, language); // name the example in the test's display name
        SweepFileParser.Parse(text, Path.Combine(SweepYaml.RepositoryRoot(), "docs", "example.yaml"));
    }

    [Fact]
    public void The_documented_examples_are_found() => Assert.InRange(DocumentedExamples().Count, 15, 100); // guards the regex above
}
