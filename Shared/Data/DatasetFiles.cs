namespace Crossfold.Shared.Data;

/// <summary>
/// Reads an image or label file whichever its format, decided by content rather than by name:
/// a .npy file starts with "\x93NUMPY", an IDX file with two zero bytes (either may be gzip-compressed).
/// </summary>
public static class DatasetFiles
{
    enum Format { Idx, Npy }

    public static ImageArray ReadImages(string path) =>
        Sniff(path) == Format.Npy ? NpyReader.ReadImages(path) : IdxReader.ReadImages(path);

    public static byte[] ReadLabels(string path) =>
        Sniff(path) == Format.Npy ? NpyReader.ReadLabels(path) : IdxReader.ReadLabels(path);

    // Sniffing opens the file a second time; that costs a few bytes of decompression and keeps each
    // reader a plain start-to-end parser.
    static Format Sniff(string path) => DataFile.Read(path, reader =>
    {
        Span<byte> head = stackalloc byte[NpyHeader.Magic.Length];
        int n = reader.ReadAtMost(head);
        if (n == head.Length && head.SequenceEqual(NpyHeader.Magic)) return Format.Npy;
        if (n >= 2 && head[0] == 0 && head[1] == 0) return Format.Idx;
        string start = n == 0 ? "it is empty" : $"it starts with {Convert.ToHexString(head[..n])}";
        throw reader.Error($"is neither an IDX file nor a NumPy .npy file ({start})");
    });
}
