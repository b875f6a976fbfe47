using System.Diagnostics;
using Crossfold.Core.Data;
using Xunit.Abstractions;

namespace Crossfold.Tests.Data;

/// <summary>
/// The real MNIST: the copy embedded in Crossfold.Core, and the development copy in ../shared beside
/// the repository (CI has it; a missing copy fails these tests rather than skipping them).
/// </summary>
public sealed class MnistTests(ITestOutputHelper output)
{
    /// <summary>Regression guard: the embedded t10k split, as <see cref="DatasetFingerprint"/> saw it when recorded.</summary>
    const string T10kFingerprint = "8d4e6d954948c87175178b7f9fd5c859d169c18b14f39ed8feae6ea00ebcc93f";

    static readonly int[] T10kLabelCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    static readonly int[] TrainLabelCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];

    [Fact]
    public void The_embedded_t10k_split_is_the_one_recorded()
    {
        LoadedDataset loaded = DatasetLoader.Load(DatasetSpec.Embedded());

        Dataset t10k = loaded.Train;
        Assert.Equal((10_000, 28, 28, 10), (t10k.Count, t10k.Height, t10k.Width, t10k.Classes));
        Assert.Equal("mnist-t10k", t10k.Name);
        Assert.Equal(T10kLabelCounts, LabelCounts(t10k));
        Assert.Equal(T10kFingerprint, DatasetFingerprint.Of(t10k));
        Assert.Null(loaded.Test);
    }

    [Fact]
    public void The_embedded_t10k_split_with_a_limit_keeps_its_class_proportions()
    {
        Dataset subset = DatasetLoader.Load(DatasetSpec.Embedded(limit: 1000)).Train;

        Assert.Equal(1000, subset.Count);
        Assert.Equal([98, 114, 103, 101, 98, 89, 96, 103, 97, 101], LabelCounts(subset));
        Assert.Equal("mnist-t10k (limit 1000)", subset.Name);
    }

    [Fact]
    public void The_shared_directory_holds_the_same_t10k_and_the_full_train_split()
    {
        string directory = SharedMnistDirectory();

        var clock = Stopwatch.StartNew();
        LoadedDataset loaded = DatasetLoader.Load(new DatasetSpec(directory, null, null, null, null, null));
        output.WriteLine($"loaded {loaded.Train.Count} + {loaded.Test!.Count} images from {directory} in {clock.ElapsedMilliseconds} ms");

        Assert.Equal((60_000, 28, 28), (loaded.Train.Count, loaded.Train.Height, loaded.Train.Width));
        Assert.Equal(TrainLabelCounts, LabelCounts(loaded.Train));
        Assert.Equal(T10kLabelCounts, LabelCounts(loaded.Test));
        Assert.Equal(T10kFingerprint, DatasetFingerprint.Of(loaded.Test));
    }

    /// <summary>../shared/datasets/mnist beside the repository root (the folder holding Cluster.sln).</summary>
    static string SharedMnistDirectory()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Cluster.sln"))) root = root.Parent;
        Assert.True(root is not null, $"no folder above {AppContext.BaseDirectory} holds Cluster.sln");
        string directory = Path.GetFullPath(Path.Combine(root!.FullName, "..", "shared", "datasets", "mnist"));
        Assert.True(Directory.Exists(directory), $"the development copy of MNIST is missing: expected {directory} (beside the repository, as on CI)");
        return directory;
    }

    static int[] LabelCounts(Dataset dataset) =>
        Enumerable.Range(0, 10).Select(c => dataset.Labels.Count(l => l == c)).ToArray();
}
