namespace Crossfold.Core.Data;

/// <summary>
/// A dataset's files, found and checked but not read: none for the embedded <c>mnist-t10k</c>, else a
/// training pair and an optional test pair. <see cref="Key"/> identifies the content (real paths,
/// lengths, last writes, and the layout they are read in), so the same files reached by any path or option share one cache entry.
/// </summary>
/// <param name="FromDirectory">The files came from a <c>source</c> directory (errors then concern dataset.source).</param>
/// <param name="Layout">Where 4-D image files keep their channels (sweep-file dataset.layout), if it says.</param>
public sealed record DatasetLocation(bool FromDirectory, DatasetFile? TrainImages, DatasetFile? TrainLabels, DatasetFile? TestImages, DatasetFile? TestLabels,
    ImageLayout? Layout = null)
{
    /// <summary>The 10,000 MNIST test images compiled into Crossfold.</summary>
    public static DatasetLocation Embedded { get; } = new(false, null, null, null, null);

    public bool IsEmbedded => TrainImages is null;

    public string Key => IsEmbedded
        ? $"embedded:{DatasetSpec.EmbeddedMnistT10k}"
        : string.Join("\n", new[] { TrainImages, TrainLabels, TestImages, TestLabels }.Select(f => f?.Identity ?? "-"))
          + (Layout is ImageLayout layout ? $"\nlayout {ImageChannels.Name(layout)}" : "");

    /// <summary>The sweep field a file of this dataset was named by: "dataset.source" for a directory's files, else "dataset.images" and so on.</summary>
    public string FieldOf(string key) => FromDirectory ? "dataset.source" : $"dataset.{key}";
}
