namespace Crossfold.Core.Data;

/// <summary>
/// Reads an image or label file whichever its format, decided by content rather than by name:
/// a .npy file starts with "\x93NUMPY", an IDX file with two zero bytes (either may be gzip-compressed).
/// A file that is neither is refused without quoting any of it: it may be anything but a dataset.
/// </summary>
public static class DatasetFiles
{
    enum Format { Idx, Npy }

    /// <summary>Reads the image file at <paramref name="path"/> (any regular file); a 4-D array's channel axis is where <paramref name="layout"/> says.</summary>
    public static ImageArray ReadImages(string path, ImageLayout? layout = null) => ReadImages(DatasetAccess.Anywhere.File(path), layout);

    /// <summary>Reads the label file at <paramref name="path"/> (any regular file).</summary>
    public static byte[] ReadLabels(string path) => ReadLabels(DatasetAccess.Anywhere.File(path));

    /// <summary>Reads a checked image file; a 4-D array's channel axis is where <paramref name="layout"/> says.</summary>
    public static ImageArray ReadImages(DatasetFile file, ImageLayout? layout = null, CancellationToken cancel = default) =>
        Read(file, r => NpyReader.ParseImages(r, layout), r => IdxReader.ParseImages(r, layout), cancel);

    /// <summary>Reads a checked label file.</summary>
    public static byte[] ReadLabels(DatasetFile file, CancellationToken cancel = default) =>
        Read(file, NpyReader.ParseLabels, IdxReader.ParseLabels, cancel);

    // One open for the sniff and the parse: the file checked is the file read.
    static T Read<T>(DatasetFile file, Func<ContentReader, T> npy, Func<ContentReader, T> idx, CancellationToken cancel)
    {
        using Stream raw = file.Open();
        Format format = DataFile.Read(raw, file.Path, Sniff, file.MaxContentBytes, cancel);
        raw.Position = 0;
        return DataFile.Read(raw, file.Path, format == Format.Npy ? npy : idx, file.MaxContentBytes, cancel);
    }

    static Format Sniff(ContentReader reader)
    {
        Span<byte> head = stackalloc byte[NpyHeader.Magic.Length];
        int n = reader.ReadAtMost(head);
        if (n == head.Length && head.SequenceEqual(NpyHeader.Magic)) return Format.Npy;
        if (n >= 2 && head[0] == 0 && head[1] == 0) return Format.Idx;
        throw reader.Error(n == 0
            ? "is empty; expected an IDX file or a NumPy .npy file"
            : "is neither an IDX file (which starts with two zero bytes) nor a NumPy .npy file (which starts with \\x93NUMPY)");
    }
}
