using System.IO.Compression;

namespace Crossfold.Core.Data;

/// <summary>
/// Opens dataset content for the readers: gunzips it when it starts with the gzip magic (never
/// trusting the extension), and turns I/O failures into <see cref="DatasetException"/>s naming the file.
/// </summary>
internal static class DataFile
{
    /// <summary>Parses the file at <paramref name="path"/> (any regular file, see <see cref="DatasetAccess.Anywhere"/>), decompressed if it is gzip.</summary>
    public static T Read<T>(string path, Func<ContentReader, T> parse)
    {
        var file = DatasetAccess.Anywhere.File(path);
        using Stream raw = file.Open();
        return Read(raw, file.Path, parse, file.MaxContentBytes, CancellationToken.None);
    }

    /// <summary>
    /// Parses <paramref name="raw"/> (left open) from its current position, decompressed if it is gzip;
    /// <paramref name="name"/> is for messages, <paramref name="maxContentBytes"/> bounds the (decompressed) content.
    /// </summary>
    public static T Read<T>(Stream raw, string name, Func<ContentReader, T> parse, long maxContentBytes = long.MaxValue, CancellationToken cancel = default)
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
            return parse(new ContentReader(content, name, gzip, storedLength, maxContentBytes, cancel));
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
