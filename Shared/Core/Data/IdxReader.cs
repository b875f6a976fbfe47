using System.Buffers.Binary;
using System.Buffers;

namespace Crossfold.Core.Data;

/// <summary>
/// Reads MNIST's IDX files, raw or gzip-compressed: images (magic 0x00000803, N x rows x cols unsigned
/// bytes, which become float32 = byte / 255; or magic 0x00000804 with a channel dimension, N x rows x cols x
/// channels as EMNIST-style tools write colour images, or N x channels x rows x cols when <c>dataset.layout</c> is
/// nchw) and labels (magic 0x00000801, N unsigned bytes, class indices 0-255).
/// Bytes after the declared data are rejected rather than ignored (see <see cref="ContentReader.ExpectEnd"/>).
/// </summary>
public static class IdxReader
{
    const byte UnsignedByte = 0x08;
    const int ImagesMagic = 0x00000803, ChannelImagesMagic = 0x00000804, LabelsMagic = 0x00000801;

    /// <summary>The element types the IDX format defines, by their code.</summary>
    static readonly Dictionary<byte, string> ElementTypes = new()
    {
        [0x08] = "unsigned byte", [0x09] = "signed byte", [0x0B] = "short", [0x0C] = "int", [0x0D] = "float", [0x0E] = "double",
    };

    /// <summary>Reads an IDX image file from disk; a 4-D file's channel dimension is last unless <paramref name="layout"/> says nchw.</summary>
    public static ImageArray ReadImages(string path, ImageLayout? layout = null) => DataFile.Read(path, r => ParseImages(r, layout));

    /// <summary>Reads IDX images from a stream (left open); <paramref name="name"/> names it in messages.</summary>
    public static ImageArray ReadImages(Stream content, string name, ImageLayout? layout = null) => DataFile.Read(content, name, r => ParseImages(r, layout));

    /// <summary>Reads an IDX label file from disk.</summary>
    public static byte[] ReadLabels(string path) => DataFile.Read(path, ParseLabels);

    /// <summary>Reads IDX labels from a stream (left open); <paramref name="name"/> names it in messages.</summary>
    public static byte[] ReadLabels(Stream content, string name) => DataFile.Read(content, name, ParseLabels);

    internal static ImageArray ParseImages(ContentReader reader, ImageLayout? layout)
    {
        int[] dims = ReadHeader(reader, [ImagesMagic, ChannelImagesMagic], "an image file (N x rows x cols, or N x rows x cols x channels)", LabelsMagic, "a label file");
        var stored = layout ?? ImageLayout.Nhwc;
        (int count, int rows, int cols, int channels) = dims switch
        {
            [var n, var h, var w] => (n, h, w, 1),
            [var n, var c, var h, var w] when stored == ImageLayout.Nchw => (n, h, w, c),
            [var n, var h, var w, var c] => (n, h, w, c),
            _ => throw reader.Error($"declares {dims.Length} dimensions"),
        };
        if (dims.Length == 4 && ImageChannels.Problem(channels, $"({string.Join(", ", dims)})", stored) is string problem) throw reader.Error(problem);
        if (rows == 0 || cols == 0) throw reader.Error($"declares images of {rows}x{cols} pixels");
        long total = (long)count * rows * cols * channels;
        string images = channels == 1 ? $"{count} images of {rows}x{cols}" : $"{count} images of {rows}x{cols} with {channels} channels";
        if (total > Array.MaxLength) throw reader.Error($"declares {images}, too many pixels to hold in memory");
        reader.Promise($"its header declares {images}", reader.Position + total);

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
        if (stored == ImageLayout.Nhwc) pixels = ImageChannels.ToChannelsFirst(pixels, count, rows, cols, channels);
        return new ImageArray(pixels, count, rows, cols, channels);
    }

    internal static byte[] ParseLabels(ContentReader reader)
    {
        int count = ReadHeader(reader, [LabelsMagic], "a label file (N)", ImagesMagic, "an image file")[0];
        reader.Promise($"its header declares {count} labels", reader.Position + count);
        var labels = new byte[count];
        reader.ReadExactly(labels);
        reader.ExpectEnd();
        return labels;
    }

    /// <summary>
    /// Checks the magic number against <paramref name="expectedMagics"/> (which differ in their number of dimensions) and returns the dimensions. Header
    /// values are quoted only once the first bytes are IDX's own: a file that is not IDX is never echoed.
    /// </summary>
    static int[] ReadHeader(ContentReader reader, int[] expectedMagics, string expectedKind, int otherMagic, string otherKind)
    {
        Span<byte> word = stackalloc byte[4];
        reader.ReadExactly(word);
        int magic = BinaryPrimitives.ReadInt32BigEndian(word);
        string expected = $"expected magic number {string.Join(" or ", expectedMagics.Select(m => $"0x{m:x8}"))} for {expectedKind}";
        // IDX magic: two zero bytes, the element type, the number of dimensions.
        if (word[0] != 0 || word[1] != 0) throw reader.Error($"not an IDX file (it does not start with two zero bytes; {expected})");
        if (word[2] != UnsignedByte)
            throw reader.Error(ElementTypes.TryGetValue(word[2], out string? type)
                ? $"IDX element type 0x{word[2]:x2} ({type}) is not supported, only unsigned bytes (0x08); {expected}"
                : $"not an IDX file (its third byte is no IDX element type; {expected})");
        int dimensionCount = word[3];
        if (!expectedMagics.Any(m => (m & 0xff) == dimensionCount))
        {
            string hint = magic == otherMagic ? $"; is this {otherKind}?" : "";
            string dimensions = string.Join(" or ", expectedMagics.Select(m => m & 0xff));
            throw reader.Error($"has {dimensionCount} dimension(s), expected {dimensions} (magic number 0x{magic:x8}, {expected}){hint}");
        }

        var dims = new int[dimensionCount];
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
