namespace Crossfold.Core.Data;

/// <summary>
/// A directory holding MNIST as it is usually downloaded: the four standard IDX files, each raw or
/// with .gz (a raw file wins when both exist, since it needs no decompression).
/// </summary>
internal static class MnistDirectory
{
    public static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>What a directory source must hold, for messages.</summary>
    public static string Expected => $"the four MNIST IDX files {string.Join(", ", FileNames)} (each raw or .gz)";

    /// <summary>Finds and checks the four files (train images, train labels, test images, test labels), or throws one error listing every one that is missing.</summary>
    public static DatasetFile[] Find(string directory, DatasetAccess access)
    {
        access.Directory(directory, $"'{DatasetSpec.EmbeddedMnistT10k}' or a directory with {Expected}");
        var found = FileNames.Select(name => Locate(directory, name, access)).ToArray();
        string[] missing = FileNames.Where((_, i) => found[i] is (null, null)).ToArray();
        // What is missing first, in one message; then the first file that is there but unusable.
        if (missing.Length > 0)
            throw new DatasetException(directory, $"dataset directory lacks {string.Join(", ", missing)}; expected {Expected}");
        return found.Select(f => f.File ?? throw f.Problem!).ToArray();
    }

    static (DatasetFile? File, DatasetException? Problem) Locate(string directory, string name, DatasetAccess access)
    {
        try
        {
            return (access.FileIfPresent(Path.Combine(directory, name)) ?? access.FileIfPresent(Path.Combine(directory, name + ".gz")), null);
        }
        catch (DatasetException e)
        {
            return (null, e);
        }
    }
}
