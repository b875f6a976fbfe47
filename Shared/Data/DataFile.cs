using System.IO.Compression;

namespace Crossfold.Shared.Data;

/// <summary>
/// Opens dataset content for the readers: gunzips it when it starts with the gzip magic (never
/// trusting the extension), and turns I/O failures into <see cref="DatasetException"/>s naming the file.
/// </summary>
internal static class DataFile
{
    /// <summary>Parses the file at <paramref name="path"/>, decompressed if it is gzip.</summary>
    public static T Read<T>(string path, Func<ContentReader, T> parse)
    {
        if (Directory.Exists(path)) throw new DatasetException(path, "is a directory, expected a file");
        if (!File.Exists(path)) throw new DatasetException(path, "file does not exist");
        FileStream file;
        try { file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot be opened ({e.Message})", e);
        }
        using (file) return Read(file, path, parse);
    }

    /// <summary>Parses <paramref name="raw"/> (left open), decompressed if it is gzip; <paramref name="name"/> is for messages.</summary>
    public static T Read<T>(Stream raw, string name, Func<ContentReader, T> parse)
    {
        if (!raw.CanSeek)
        {
            // Sniffing the gzip magic needs to look ahead; a seekable copy is the simplest way.
            var copy = new MemoryStream();
            raw.CopyTo(copy);
            copy.Position = 0;
            raw = copy;
        }
        bool gzip = StartsWithGzipMagic(raw);
        long storedLength = raw.Length - raw.Position;
        Stream content = gzip ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true) : raw;
        try
        {
            return parse(new ContentReader(content, name, gzip, storedLength));
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException(name, $"is gzip-compressed but its compressed data is corrupt ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new DatasetException(name, $"cannot be read ({e.Message})", e);
        }
        finally
        {
            if (gzip) content.Dispose();
        }
    }

    static bool StartsWithGzipMagic(Stream stream)
    {
        long start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int n = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
