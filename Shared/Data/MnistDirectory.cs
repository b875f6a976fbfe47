namespace Crossfold.Shared.Data;

/// <summary>
/// A directory holding MNIST as it is usually downloaded: the four standard IDX files, each raw or
/// with .gz (a raw file wins when both exist, since it needs no decompression).
/// </summary>
internal sealed record MnistDirectory(string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    public static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>What a directory source must hold, for messages.</summary>
    public static string Expected => $"the four MNIST IDX files {string.Join(", ", FileNames)} (each raw or .gz)";

    /// <summary>Finds the four files, or throws one error listing every one that is missing.</summary>
    public static MnistDirectory Find(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DatasetException(directory, $"dataset directory does not exist; expected '{DatasetSpec.EmbeddedMnistT10k}' or a directory with {Expected}");
        string?[] found = FileNames.Select(name => Locate(directory, name)).ToArray();
        string[] missing = FileNames.Where((_, i) => found[i] is null).ToArray();
        if (missing.Length > 0)
            throw new DatasetException(directory, $"dataset directory lacks {string.Join(", ", missing)}; expected {Expected}");
        return new MnistDirectory(found[0]!, found[1]!, found[2]!, found[3]!);
    }

    static string? Locate(string directory, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
}
