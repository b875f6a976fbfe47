using System.Buffers.Binary;
using System.Buffers;

namespace Crossfold.Core.Data;

/// <summary>
/// Reads MNIST's IDX files, raw or gzip-compressed: images (magic 0x00000803, N x rows x cols unsigned
/// bytes, which become float32 = byte / 255) and labels (magic 0x00000801, N unsigned bytes, digits 0-9).
/// Bytes after the declared data are rejected rather than ignored (see <see cref="ContentReader.ExpectEnd"/>).
/// </summary>
public static class IdxReader
{
    const byte UnsignedByte = 0x08;
    const int ImagesMagic = 0x00000803, LabelsMagic = 0x00000801;

    /// <summary>The element types the IDX format defines, by their code.</summary>
    static readonly Dictionary<byte, string> ElementTypes = new()
    {
        [0x08] = "unsigned byte", [0x09] = "signed byte", [0x0B] = "short", [0x0C] = "int", [0x0D] = "float", [0x0E] = "double",
    };

    /// <summary>Reads an IDX image file from disk.</summary>
    public static ImageArray ReadImages(string path) => DataFile.Read(path, ParseImages);

    /// <summary>Reads IDX images from a stream (left open); <paramref name="name"/> names it in messages.</summary>
    public static ImageArray ReadImages(Stream content, string name) => DataFile.Read(content, name, ParseImages);

    /// <summary>Reads an IDX label file from disk.</summary>
    public static byte[] ReadLabels(string path) => DataFile.Read(path, ParseLabels);

    /// <summary>Reads IDX labels from a stream (left open); <paramref name="name"/> names it in messages.</summary>
    public static byte[] ReadLabels(Stream content, string name) => DataFile.Read(content, name, ParseLabels);

    internal static ImageArray ParseImages(ContentReader reader)
    {
        int[] dims = ReadHeader(reader, ImagesMagic, "an image file (N x rows x cols)", LabelsMagic, "a label file");
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (rows == 0 || cols == 0) throw reader.Error($"declares images of {rows}x{cols} pixels");
        long total = (long)count * rows * cols;
        if (total > Array.MaxLength) throw reader.Error($"declares {count} images of {rows}x{cols}, too many pixels to hold in memory");
        reader.Promise($"its header declares {count} images of {rows}x{cols}", reader.Position + total);

        var pixels = new float[total];
        // Decompress and convert in slices: the bytes never exist all at once next to the floats.
        byte[] slice = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long done = 0; done < total;)
            {
                int n = (int)Math.Min(slice.Length, total - done);
                reader.ReadExactly(slice.AsSpan(0, n));
                UnitPixels.FromBytes(slice.AsSpan(0, n), pixels.AsSpan((int)done, n));
                done += n;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(slice); }
        reader.ExpectEnd();
        return new ImageArray(pixels, count, rows, cols);
    }

    internal static byte[] ParseLabels(ContentReader reader)
    {
        int count = ReadHeader(reader, LabelsMagic, "a label file (N)", ImagesMagic, "an image file")[0];
        reader.Promise($"its header declares {count} labels", reader.Position + count);
        var labels = new byte[count];
        reader.ReadExactly(labels);
        reader.ExpectEnd();
        DigitLabels.Check(labels, reader.Name);
        return labels;
    }

    /// <summary>
    /// Checks the magic number against <paramref name="expectedMagic"/> and returns the dimensions. Header
    /// values are quoted only once the first bytes are IDX's own: a file that is not IDX is never echoed.
    /// </summary>
    static int[] ReadHeader(ContentReader reader, int expectedMagic, string expectedKind, int otherMagic, string otherKind)
    {
        Span<byte> word = stackalloc byte[4];
        reader.ReadExactly(word);
        int magic = BinaryPrimitives.ReadInt32BigEndian(word);
        int expectedDims = expectedMagic & 0xff;
        string expected = $"expected magic number 0x{expectedMagic:x8} for {expectedKind}";
        // IDX magic: two zero bytes, the element type, the number of dimensions.
        if (word[0] != 0 || word[1] != 0) throw reader.Error($"not an IDX file (it does not start with two zero bytes; {expected})");
        if (word[2] != UnsignedByte)
            throw reader.Error(ElementTypes.TryGetValue(word[2], out string? type)
                ? $"IDX element type 0x{word[2]:x2} ({type}) is not supported, only unsigned bytes (0x08); {expected}"
                : $"not an IDX file (its third byte is no IDX element type; {expected})");
        if (word[3] != expectedDims)
        {
            string hint = magic == otherMagic ? $"; is this {otherKind}?" : "";
            throw reader.Error($"has {word[3]} dimension(s), expected {expectedDims} (magic number 0x{magic:x8}, {expected}){hint}");
        }

        var dims = new int[expectedDims];
        for (int i = 0; i < dims.Length; i++)
        {
            reader.ReadExactly(word);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (size > int.MaxValue) throw reader.Error($"dimension {i} of its header is {size}, not a plausible size");
            dims[i] = (int)size;
        }
        return dims;
    }
}
