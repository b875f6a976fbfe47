using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Crossfold.Tests.Support;

/// <summary>Builds real IDX and .npy bytes, byte by byte as their formats say, for the reader tests.</summary>
public static class TestData
{
    /// <summary>An IDX image file: magic 0x00000803, N, rows, cols (big-endian), then the pixels.</summary>
    public static byte[] IdxImages(int count, int rows, int cols, byte[] pixels) =>
        [.. BigEndian(0x00000803, count, rows, cols), .. pixels];

    /// <summary>An IDX image file with a channel dimension: magic 0x00000804, N, then <paramref name="dims"/> (big-endian), then the pixels.</summary>
    public static byte[] IdxImages4(int count, int[] dims, byte[] pixels) =>
        [.. BigEndian([0x00000804, count, .. dims]), .. pixels];

    /// <summary>An IDX label file: magic 0x00000801, N (big-endian), then the labels.</summary>
    public static byte[] IdxLabels(byte[] labels) => [.. BigEndian(0x00000801, labels.Length), .. labels];

    /// <summary>A .npy file whose header is written the way numpy.save writes it (padded to 64 bytes).</summary>
    public static byte[] Npy(string descr, long[] shape, byte[] data, bool fortranOrder = false, int major = 1)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        return NpyWithHeader($"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}", data, major);
    }

    /// <summary>A .npy file with a header dict given verbatim.</summary>
    public static byte[] NpyWithHeader(string dict, byte[] data, int major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int preamble = 6 + 2 + lengthBytes;
        int padded = (preamble + dict.Length + 1 + 63) / 64 * 64;
        string header = dict.PadRight(padded - preamble - 1) + "\n";
        byte[] headerBytes = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        var length = new byte[lengthBytes];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return [.. bytes];
    }

    /// <summary>The little-endian bytes of any unmanaged values (the test machine is little-endian, as NumPy's '&lt;').</summary>
    public static byte[] Bytes<T>(params T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    public static byte[] Gzip(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(content);
        return output.ToArray();
    }

    /// <summary>Deterministic pseudo-random bytes, so every run sees the same "images".</summary>
    public static byte[] Pixels(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    static byte[] BigEndian(params int[] words)
    {
        var bytes = new byte[4 * words.Length];
        for (int i = 0; i < words.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 * i), words[i]);
        return bytes;
    }
}

/// <summary>A temporary folder for one test's files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("crossfold-data-").FullName;

    /// <summary>Writes <paramref name="content"/> to a file in the folder and returns its full path.</summary>
    public string Write(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
