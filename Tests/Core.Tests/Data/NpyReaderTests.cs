using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>.npy files as numpy.save writes them: every supported dtype and shape, and each rejection.</summary>
public sealed class NpyReaderTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Two 2x2 images of grey levels, and the floats a reader must make of them.
    static readonly byte[] Grey = [0, 51, 102, 255, 1, 2, 254, 128];
    static readonly float[] Unit = Grey.Select(b => b / 255f).ToArray();

    string Write(byte[] npy, string name = "a.npy") => _folder.Write(name, npy);

    [Theory]
    [InlineData(new long[] { 2, 2, 2 })]
    [InlineData(new long[] { 2, 2, 2, 1 })]
    [InlineData(new long[] { 2, 1, 2, 2 })]
    [InlineData(new long[] { 2, 4 })]
    public void Reads_uint8_images_of_every_supported_shape(long[] shape)
    {
        ImageArray images = NpyReader.ReadImages(Write(TestData.Npy("|u1", shape, Grey)));

        Assert.Equal((2, 2, 2), (images.Count, images.Height, images.Width));
        Assert.Equal(Unit, images.Pixels);
    }

    [Fact]
    public void Reads_float32_images_as_they_are()
    {
        ImageArray images = NpyReader.ReadImages(Write(TestData.Npy("<f4", [2, 2, 2, 1], TestData.Bytes(Unit))));

        Assert.Equal(Unit, images.Pixels);
    }

    [Fact]
    public void Reads_float64_images_rounded_to_float32()
    {
        double[] values = [0, 0.1, 0.25, 1, 0.5, 0.3333333333333333, 0.75, 0.2];

        ImageArray images = NpyReader.ReadImages(Write(TestData.Npy("<f8", [2, 4], TestData.Bytes(values))));

        Assert.Equal(values.Select(v => (float)v), images.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_format_versions_1_2_and_3(int major)
    {
        ImageArray images = NpyReader.ReadImages(Write(TestData.Npy("|u1", [2, 2, 2], Grey, major: major)));

        Assert.Equal(Unit, images.Pixels);
    }

    [Fact]
    public void Reads_gzip_compressed_npy()
    {
        Assert.Equal(Unit, NpyReader.ReadImages(Write(TestData.Gzip(TestData.Npy("|u1", [2, 2, 2], Grey)), "a.npy.gz")).Pixels);
    }

    [Fact]
    public void Reads_headers_written_by_python_2_and_other_writers()
    {
        // Double quotes, Python 2's long suffix, keys in another order, no trailing comma.
        string dict = "{\"shape\": (2L, 4L), \"fortran_order\": False, \"descr\": \"|u1\"}";

        Assert.Equal(Unit, NpyReader.ReadImages(Write(TestData.NpyWithHeader(dict, Grey))).Pixels);
    }

    [Theory]
    [InlineData("|u1")]
    [InlineData("|i1")]
    [InlineData("<i2")]
    [InlineData("<u2")]
    [InlineData("<i4")]
    [InlineData("<u4")]
    [InlineData("<i8")]
    [InlineData("<u8")]
    public void Reads_class_index_labels_of_every_integer_dtype(string descr)
    {
        long[] labels = [3, 0, 9, 5];

        byte[] read = NpyReader.ReadLabels(Write(TestData.Npy(descr, [4], Encode(descr, labels))));

        Assert.Equal([3, 0, 9, 5], read);
    }

    [Fact]
    public void Reads_a_column_of_class_indices()
    {
        Assert.Equal([7, 1], NpyReader.ReadLabels(Write(TestData.Npy("<i8", [2, 1], TestData.Bytes(7L, 1L)))));
    }

    [Theory]
    [InlineData("<f4")]
    [InlineData("<f8")]
    [InlineData("|u1")]
    [InlineData("<i8")]
    public void Reads_one_hot_labels(string descr)
    {
        long[] rows = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, /**/ 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, /**/ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

        byte[] read = NpyReader.ReadLabels(Write(TestData.Npy(descr, [3, 10], Encode(descr, rows))));

        Assert.Equal([2, 0, 9], read);
    }

    [Fact]
    public void Rejects_fortran_order()
    {
        string path = Write(TestData.Npy("|u1", [2, 2, 2], Grey, fortranOrder: true));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.StartsWith($"{path}: is stored in Fortran (column-major) order", e.Message);
    }

    [Theory]
    [InlineData("<f2")]
    [InlineData("<i4")]
    [InlineData("|b1")]
    [InlineData("<U8")]
    public void Rejects_unsupported_image_dtypes(string descr)
    {
        string path = Write(TestData.Npy(descr, [1, 2, 2], new byte[16]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.Equal($"{path}: images of dtype '{descr}' are not supported; expected uint8 ('|u1'), float32 ('<f4') or float64 ('<f8')", e.Message);
    }

    [Fact]
    public void Rejects_a_structured_dtype()
    {
        string path = Write(TestData.NpyWithHeader("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.StartsWith($"{path}: labels of dtype a structured dtype are not supported", e.Message);
    }

    [Fact]
    public void Rejects_big_endian_data()
    {
        string path = Write(TestData.Npy(">f4", [1, 2, 2], new byte[16]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.Equal($"{path}: images of dtype '>f4' are big-endian; save them little-endian (a.astype('<f4'))", e.Message);
    }

    [Theory]
    [InlineData(new long[] { 2, 2, 2, 3 }, "have a channel axis, but which one is it? Set dataset.layout (crossfold predict: --layout) to nhwc for (N, H, W, C) or nchw for (N, C, H, W)")]
    [InlineData(new long[] { 2, 3, 2, 2 }, "have a channel axis, but which one is it?")]
    [InlineData(new long[] { 2, 5 }, "5 pixels per image is not a perfect square")]
    [InlineData(new long[] { 10 }, "are not supported; expected (N, H, W), (N, H, W, C) or (N, C, H, W) with dataset.layout, or (N, D) with D a perfect square")]
    [InlineData(new long[] { 1, 2, 2, 2, 2 }, "are not supported")]
    [InlineData(new long[] { 2, 0, 5 }, "have no pixels")]
    public void Rejects_image_shapes_that_are_not_single_channel_images(long[] shape, string problem)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        string path = Write(TestData.Npy("|u1", shape, new byte[count]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.StartsWith($"{path}: images of shape (", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Rejects_float_images_outside_0_1_saying_the_range_found()
    {
        float[] levels = Grey.Select(b => (float)b).ToArray();
        string path = Write(TestData.Npy("<f4", [2, 2, 2], TestData.Bytes(levels)));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.Equal($"{path}: pixel values range from 0 to 255; expected uint8 0-255 or float 0-1 (0-255 grey levels stored as floats? divide by 255 or save as uint8)", e.Message);
    }

    [Fact]
    public void Rejects_negative_float64_pixels()
    {
        string path = Write(TestData.Npy("<f8", [1, 4], TestData.Bytes(0.5, -0.25, 1.0, 0.0)));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.Equal($"{path}: pixel values range from -0.25 to 1; expected uint8 0-255 or float 0-1", e.Message);
    }

    [Fact]
    public void Rejects_nan_pixels()
    {
        string path = Write(TestData.Npy("<f4", [1, 4], TestData.Bytes(0.5f, 0f, float.NaN, 1f)));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.Equal($"{path}: pixel 2 is NaN; expected uint8 0-255 or float 0-1", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0f, 1f, 1f }, "[0, 1, 1]")]
    [InlineData(new[] { 0f, 0f, 0f }, "[0, 0, 0]")]
    [InlineData(new[] { 0f, 0.5f, 0.5f }, "[0, 0.5, 0.5]")]
    public void Rejects_a_row_that_is_not_one_hot_naming_it(float[] badRow, string shown)
    {
        float[] rows = [1, 0, 0, /**/ 0, 0, 1, /**/ .. badRow];
        string path = Write(TestData.Npy("<f4", [3, 3], TestData.Bytes(rows)));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.Equal($"{path}: one-hot label row 2 is {shown}; expected exactly one 1 and the rest 0", e.Message);
    }

    [Theory]
    [InlineData(256L)]
    [InlineData(-1L)]
    public void Rejects_class_indices_outside_0_to_255(long label)
    {
        string path = Write(TestData.Npy("<i8", [3], TestData.Bytes(1L, label, 2L)));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.Equal($"{path}: label {label} at index 1 is not a class index 0-255 (labels are whole numbers, one byte each)", e.Message);
    }

    [Fact]
    public void Reads_class_indices_beyond_the_ten_digits()
    {
        Assert.Equal([1, 19, 255], NpyReader.ReadLabels(Write(TestData.Npy("<i8", [3], TestData.Bytes(1L, 19L, 255L)))));
    }

    [Fact]
    public void Rejects_float_class_indices()
    {
        string path = Write(TestData.Npy("<f4", [2], TestData.Bytes(1f, 2f)));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.Contains("class indices need an integer dtype", e.Message);
    }

    [Theory]
    [InlineData(new long[] { 2, 257 }, "one-hot rows of 257 classes; Crossfold classifies at most 256")]
    [InlineData(new long[] { 2, 2, 2 }, "expected (N,) class indices or (N, C) one-hot rows")]
    public void Rejects_label_shapes_it_cannot_read(long[] shape, string problem)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        string path = Write(TestData.Npy("|u1", shape, new byte[count]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.StartsWith($"{path}: labels of shape (", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData(">i4", "are big-endian; save them little-endian (a.astype('<i4'))")]
    [InlineData("<c8", "are not supported; expected an integer dtype")]
    [InlineData("|b1", "are not supported; expected an integer dtype")]
    public void Rejects_unsupported_label_dtypes(string descr, string problem)
    {
        string path = Write(TestData.Npy(descr, [2], new byte[16]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.StartsWith($"{path}: labels of dtype '{descr}' {problem}", e.Message);
    }

    [Fact]
    public void Rejects_truncated_data()
    {
        byte[] npy = TestData.Npy("<f4", [2, 2, 2], TestData.Bytes(Unit));
        string path = Write(npy[..^3]);

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(path));

        Assert.Equal($"{path}: truncated: its header declares '<f4' data of shape (2, 2, 2) (160 bytes in all), but it ends after 157", e.Message);
    }

    [Fact]
    public void Rejects_truncated_labels()
    {
        string path = Write(TestData.Npy("<i8", [3], TestData.Bytes(1L, 2L))); // 16 bytes where 24 are due

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.StartsWith($"{path}: truncated: its header declares '<i8' labels of shape (3,)", e.Message);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_npy()
    {
        string path = Write(TestData.IdxLabels([1]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.Equal($"{path}: not a NumPy .npy file (it does not start with \\x93NUMPY)", e.Message);
    }

    [Fact]
    public void Rejects_an_unknown_format_version()
    {
        byte[] npy = TestData.Npy("|u1", [1], [1]);
        npy[6] = 4;
        string path = Write(npy);

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.Equal($"{path}: .npy format version 4.0 is not supported (only 1.0, 2.0 and 3.0)", e.Message);
    }

    [Fact]
    public void Rejects_a_header_that_is_not_a_dict()
    {
        string path = Write(TestData.NpyWithHeader("{'descr': '|u1', 'shape': (1,", [1]));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadLabels(path));

        Assert.StartsWith($"{path}: its .npy header is not a valid Python dict", e.Message);
    }

    /// <summary>Writes <paramref name="values"/> in the little-endian layout of <paramref name="descr"/>.</summary>
    static byte[] Encode(string descr, long[] values) => descr[1..] switch
    {
        "u1" => values.Select(v => (byte)v).ToArray(),
        "i1" => TestData.Bytes(values.Select(v => (sbyte)v).ToArray()),
        "i2" => TestData.Bytes(values.Select(v => (short)v).ToArray()),
        "u2" => TestData.Bytes(values.Select(v => (ushort)v).ToArray()),
        "i4" => TestData.Bytes(values.Select(v => (int)v).ToArray()),
        "u4" => TestData.Bytes(values.Select(v => (uint)v).ToArray()),
        "i8" => TestData.Bytes(values),
        "u8" => TestData.Bytes(values.Select(v => (ulong)v).ToArray()),
        "f4" => TestData.Bytes(values.Select(v => (float)v).ToArray()),
        "f8" => TestData.Bytes(values.Select(v => (double)v).ToArray()),
        _ => throw new ArgumentException(descr),
    };
}
