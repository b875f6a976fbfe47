using System.Buffers.Binary;
using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Crossfold.Core.Data;

/// <summary>
/// Reads NumPy .npy files (format 1.0, 2.0, 3.0; little-endian, C order), raw or gzip-compressed.
/// Images: uint8 (0-255, divided by 255), float32 or float64 (values must already lie in [0,1]), shaped
/// (N,H,W) or (N,D) with D a perfect square (one channel), or (N,H,W,C) / (N,C,H,W) as <c>dataset.layout</c> says
/// (without it only (N,H,W,1) and (N,1,H,W) are unambiguous); 1 to 4 channels. Labels: an integer dtype of shape
/// (N,) or (N,1) holding class indices 0-255, or one-hot rows (N,C) with C ≤ 256 in an integer or float dtype.
/// </summary>
public static class NpyReader
{
    const string ImageDtypes = "uint8 ('|u1'), float32 ('<f4') or float64 ('<f8')";
    const string LabelDtypes = "an integer dtype ('|u1', '|i1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8'), or float32/float64 for one-hot rows";
    static readonly string[] IntegerKinds = ["u1", "i1", "u2", "i2", "u4", "i4", "u8", "i8"];

    /// <summary>Reads a .npy image array from disk; a 4-D array's channel axis is where <paramref name="layout"/> says.</summary>
    public static ImageArray ReadImages(string path, ImageLayout? layout = null) => DataFile.Read(path, r => ParseImages(r, layout));

    /// <summary>Reads a .npy image array from a stream (left open); <paramref name="name"/> names it in messages.</summary>
    public static ImageArray ReadImages(Stream content, string name, ImageLayout? layout = null) => DataFile.Read(content, name, r => ParseImages(r, layout));

    /// <summary>Reads a .npy label array (class indices or one-hot rows) from disk.</summary>
    public static byte[] ReadLabels(string path) => DataFile.Read(path, ParseLabels);

    /// <summary>Reads a .npy label array from a stream (left open); <paramref name="name"/> names it in messages.</summary>
    public static byte[] ReadLabels(Stream content, string name) => DataFile.Read(content, name, ParseLabels);

    internal static ImageArray ParseImages(ContentReader reader, ImageLayout? layout)
    {
        NpyHeader header = NpyHeader.Read(reader);
        NpyDtype dtype = CheckDtype(reader, header, "images", ImageDtypes, "u1", "f4", "f8");
        CheckCOrder(reader, header);
        (int count, int height, int width, int channels, ImageLayout stored) = ImageShape(reader, header, layout);
        long total = header.ElementCount;
        if (total > Array.MaxLength) throw reader.Error($"shape {header.ShapeText} holds too many pixels to keep in memory");
        reader.Promise($"its header declares {header.DescrText} data of shape {header.ShapeText}", reader.Position + total * dtype.Size);

        var pixels = new float[total];
        byte[] slice = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int perSlice = slice.Length / dtype.Size;
            for (long done = 0; done < total;)
            {
                int n = (int)Math.Min(perSlice, total - done);
                Span<byte> bytes = slice.AsSpan(0, n * dtype.Size);
                reader.ReadExactly(bytes);
                Convert(dtype, bytes, pixels.AsSpan((int)done, n));
                done += n;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(slice); }
        reader.ExpectEnd();
        if (dtype.IsFloat) CheckUnitRange(reader, pixels);
        if (stored == ImageLayout.Nhwc) pixels = ImageChannels.ToChannelsFirst(pixels, count, height, width, channels);
        return new ImageArray(pixels, count, height, width, channels);
    }

    static void Convert(NpyDtype dtype, ReadOnlySpan<byte> bytes, Span<float> pixels)
    {
        switch (dtype.Size)
        {
            case 1:
                UnitPixels.FromBytes(bytes, pixels);
                break;
            case 4 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(pixels);
                break;
            default:
                for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)dtype.Read(bytes[(i * dtype.Size)..]);
                break;
        }
    }

    /// <summary>
    /// Float images must already be scaled to [0,1]; checked after rounding to float32, the values used.
    /// The common mistake is 0-255 stored as float, so the message says what range it found.
    /// </summary>
    static void CheckUnitRange(ContentReader reader, float[] pixels)
    {
        // NaN compares below everything here, so it counts as out of range too.
        int bad = pixels.AsSpan().IndexOfAnyExceptInRange(0f, 1f);
        if (bad < 0) return;
        int nan = Array.FindIndex(pixels, float.IsNaN);
        if (nan >= 0) throw reader.Error($"pixel {nan} is NaN; expected uint8 0-255 or float 0-1");
        float min = pixels.Min(), max = pixels.Max();
        string hint = min >= 0 && max <= 255 ? " (0-255 grey levels stored as floats? divide by 255 or save as uint8)" : "";
        throw reader.Error($"pixel values range from {Show(min)} to {Show(max)}; expected uint8 0-255 or float 0-1{hint}");
    }

    /// <summary>
    /// The images' count, size, channels and the layout their bytes are in. A 4-D array follows <paramref name="layout"/>;
    /// without it only a channel axis of 1 is unambiguous (a last axis of 1 reads as (N, H, W, 1), as it always has).
    /// </summary>
    static (int Count, int Height, int Width, int Channels, ImageLayout Stored) ImageShape(ContentReader reader, NpyHeader header, ImageLayout? layout)
    {
        string expected = "expected (N, H, W), (N, H, W, C) or (N, C, H, W) with dataset.layout, or (N, D) with D a perfect square";
        (long count, long height, long width, long channels, ImageLayout stored) = (header.Shape, layout) switch
        {
            ([var n, var h, var w], _) => (n, h, w, 1L, ImageLayout.Nchw),
            ([var n, var h, var w, var c], ImageLayout.Nhwc) => (n, h, w, c, ImageLayout.Nhwc),
            ([var n, var c, var h, var w], ImageLayout.Nchw) => (n, h, w, c, ImageLayout.Nchw),
            ([var n, var h, var w, 1], null) => (n, h, w, 1L, ImageLayout.Nhwc),
            ([var n, 1, var h, var w], null) => (n, h, w, 1L, ImageLayout.Nchw),
            ([_, _, _, _], null) => throw reader.Error($"images of shape {header.ShapeText} have a channel axis, but which one is it? " +
                "Set dataset.layout (crossfold predict: --layout) to nhwc for (N, H, W, C) or nchw for (N, C, H, W)"),
            ([var n, var d], _) when IsPerfectSquare(d) => (n, (long)Math.Sqrt(d), (long)Math.Sqrt(d), 1L, ImageLayout.Nchw),
            ([_, var d], _) => throw reader.Error($"images of shape {header.ShapeText}: {d} pixels per image is not a perfect square, so not a square image; {expected}"),
            _ => throw reader.Error($"images of shape {header.ShapeText} are not supported; {expected}"),
        };
        if (ImageChannels.Problem(channels, header.ShapeText, stored) is string problem) throw reader.Error(problem);
        if (height == 0 || width == 0) throw reader.Error($"images of shape {header.ShapeText} have no pixels");
        if (count > int.MaxValue || height > int.MaxValue || width > int.MaxValue)
            throw reader.Error($"images of shape {header.ShapeText} are too large");
        return ((int)count, (int)height, (int)width, (int)channels, stored);
    }

    static bool IsPerfectSquare(long d)
    {
        long root = (long)Math.Round(Math.Sqrt(d));
        return root * root == d;
    }

    internal static byte[] ParseLabels(ContentReader reader)
    {
        NpyHeader header = NpyHeader.Read(reader);
        NpyDtype dtype = CheckDtype(reader, header, "labels", LabelDtypes, [.. IntegerKinds, "f4", "f8"]);
        CheckCOrder(reader, header);
        (long count, long columns, bool oneHot) = header.Shape switch
        {
            [var n] => (n, 1L, false),
            [var n, 1] => (n, 1L, false),
            [var n, var c] when c <= ClassLabels.Max => (n, c, true),
            [_, var c] => throw reader.Error($"labels of shape {header.ShapeText} are one-hot rows of {c} classes; Crossfold classifies at most {ClassLabels.Max}"),
            _ => throw reader.Error($"labels of shape {header.ShapeText} are not supported; expected (N,) class indices or (N, C) one-hot rows"),
        };
        if (!oneHot && !dtype.IsInteger)
            throw reader.Error($"labels of dtype {header.DescrText} and shape {header.ShapeText}: class indices need an integer dtype (e.g. a.astype('int64')); float labels must be one-hot rows (N, C)");
        long bytes = header.ElementCount * dtype.Size;
        if (bytes > Array.MaxLength) throw reader.Error($"labels of shape {header.ShapeText} are too many to keep in memory");
        reader.Promise($"its header declares {header.DescrText} labels of shape {header.ShapeText}", reader.Position + bytes);

        var data = new byte[bytes];
        reader.ReadExactly(data);
        reader.ExpectEnd();
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> row = data.AsSpan((int)(i * columns * dtype.Size), (int)columns * dtype.Size);
            labels[i] = oneHot ? HotColumn(reader, dtype, row, i) : ClassIndex(reader, dtype, row, i);
        }
        return labels;
    }

    static byte ClassIndex(ContentReader reader, NpyDtype dtype, ReadOnlySpan<byte> element, int index)
    {
        double value = dtype.Read(element);
        if (value is < 0 or > ClassLabels.Max - 1) throw ClassLabels.OutOfRange(reader.Name, Show(value), index);
        return (byte)value;
    }

    static byte HotColumn(ContentReader reader, NpyDtype dtype, ReadOnlySpan<byte> row, int index)
    {
        int columns = row.Length / dtype.Size, hot = -1;
        bool valid = true;
        for (int c = 0; c < columns && valid; c++)
        {
            double value = dtype.Read(row[(c * dtype.Size)..]);
            if (value == 1 && hot < 0) hot = c;
            else if (value != 0) valid = false;
        }
        if (valid && hot >= 0) return (byte)hot;
        byte[] copy = row.ToArray();
        var values = Enumerable.Range(0, columns).Select(c => Show(dtype.Read(copy.AsSpan(c * dtype.Size))));
        throw reader.Error($"one-hot label row {index} is [{string.Join(", ", values)}]; expected exactly one 1 and the rest 0");
    }

    static NpyDtype CheckDtype(ContentReader reader, NpyHeader header, string what, string supported, params string[] kinds)
    {
        if (header.Dtype is not NpyDtype dtype || !dtype.IsOneOf(kinds))
            throw reader.Error($"{what} of dtype {header.DescrText} are not supported; expected {supported}");
        if (dtype.BigEndian)
            throw reader.Error($"{what} of dtype {header.DescrText} are big-endian; save them little-endian (a.astype('<{dtype.Kind}{dtype.Size}'))");
        return dtype;
    }

    static void CheckCOrder(ContentReader reader, NpyHeader header)
    {
        if (header.FortranOrder)
            throw reader.Error("is stored in Fortran (column-major) order; save a C-ordered array (np.save(path, np.ascontiguousarray(a)))");
    }

    static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
