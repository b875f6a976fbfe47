using Crossfold.Core.Data;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>IDX files as MNIST ships them, raw or gzip-compressed, and every way they can be broken.</summary>
public sealed class IdxReaderTests : IDisposable
{
    readonly TempFolder _folder = new();
    readonly byte[] _pixels = TestData.Pixels(3 * 2 * 4);

    public void Dispose() => _folder.Dispose();

    byte[] Images => TestData.IdxImages(3, 2, 4, _pixels);

    [Fact]
    public void Reads_raw_images_as_bytes_over_255()
    {
        ImageArray images = IdxReader.ReadImages(_folder.Write("images-idx3-ubyte", Images));

        Assert.Equal((3, 2, 4), (images.Count, images.Height, images.Width));
        Assert.Equal(_pixels.Select(b => b / 255f), images.Pixels);
    }

    [Theory]
    [InlineData("images.gz")]
    [InlineData("images-without-extension")]
    public void Detects_gzip_by_its_magic_bytes_not_the_name(string name)
    {
        ImageArray images = IdxReader.ReadImages(_folder.Write(name, TestData.Gzip(Images)));

        Assert.Equal(_pixels.Select(b => b / 255f), images.Pixels);
    }

    [Fact]
    public void Reads_a_raw_file_even_when_it_is_named_gz()
    {
        Assert.Equal(3, IdxReader.ReadImages(_folder.Write("images.gz", Images)).Count);
    }

    [Fact]
    public void Reads_labels_raw_and_gzip_compressed()
    {
        byte[] labels = [0, 9, 3, 3, 7];

        Assert.Equal(labels, IdxReader.ReadLabels(_folder.Write("labels", TestData.IdxLabels(labels))));
        Assert.Equal(labels, IdxReader.ReadLabels(_folder.Write("labels.gz", TestData.Gzip(TestData.IdxLabels(labels)))));
    }

    [Fact]
    public void Reads_from_a_stream_that_cannot_seek()
    {
        using var stream = new ForwardOnlyStream(TestData.Gzip(TestData.IdxLabels([1, 2])));

        Assert.Equal([1, 2], IdxReader.ReadLabels(stream, "piped"));
    }

    [Fact]
    public void Converts_every_grey_level_exactly_as_byte_over_255f()
    {
        // Long enough to go through the vectorised path and its scalar tail.
        byte[] levels = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        string path = _folder.Write("levels", TestData.IdxImages(1, 1, levels.Length, levels));

        float[] pixels = IdxReader.ReadImages(path).Pixels;

        for (int i = 0; i < levels.Length; i++) Assert.Equal(levels[i] / 255f, pixels[i]);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_idx()
    {
        string path = _folder.Write("images", [0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path + ": not an IDX file (it does not start with two zero bytes; expected magic number 0x00000803 or 0x00000804 for an image file (N x rows x cols, or N x rows x cols x channels))", e.Message);
        Assert.DoesNotContain("504b", e.Message, StringComparison.OrdinalIgnoreCase); // what it holds is never echoed
    }

    [Fact]
    public void Rejects_an_element_type_other_than_unsigned_bytes()
    {
        byte[] floats = Images;
        floats[2] = 0x0d;
        string path = _folder.Write("images", floats);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Contains("element type 0x0d", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Rejects_a_label_file_read_as_images_by_its_dimension_count()
    {
        string path = _folder.Write("labels", TestData.IdxLabels([1, 2, 3]));

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal($"{path}: has 1 dimension(s), expected 3 or 4 (magic number 0x00000801, expected magic number 0x00000803 or 0x00000804 for an image file (N x rows x cols, or N x rows x cols x channels)); is this a label file?", e.Message);
    }

    [Fact]
    public void Rejects_an_image_file_read_as_labels()
    {
        string path = _folder.Write("images", Images);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("has 3 dimension(s), expected 1", e.Message);
        Assert.Contains("is this an image file?", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rejects_a_truncated_image_file_saying_what_the_header_promised(bool gzip)
    {
        byte[] cut = Images[..^5];
        string path = _folder.Write("images", gzip ? TestData.Gzip(cut) : cut);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        string unit = gzip ? "bytes uncompressed" : "bytes";
        Assert.Equal($"{path}: truncated: its header declares 3 images of 2x4 (40 {unit} in all), but it ends after 35", e.Message);
    }

    [Fact]
    public void Rejects_a_file_shorter_than_its_header()
    {
        string path = _folder.Write("images", Images[..10]);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal($"{path}: truncated: it ends after 10 bytes, inside its header", e.Message);
    }

    [Theory]
    [InlineData(false, "(1568000016 bytes in all), but it ends after 32")]
    [InlineData(true, "(1568000016 bytes uncompressed in all), more than its ")]
    public void Rejects_a_header_promising_more_than_the_file_can_hold_before_allocating_it(bool gzip, string problem)
    {
        // Two million 28x28 images would be 6 GB of floats: the reader must not try.
        byte[] content = TestData.IdxImages(2_000_000, 28, 28, new byte[16]);
        string path = _folder.Write("images", gzip ? TestData.Gzip(content) : content);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith($"{path}: truncated: its header declares 2000000 images of 28x28 ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Rejects_a_gzip_stream_cut_short()
    {
        byte[] gzip = TestData.Gzip(TestData.IdxImages(50, 28, 28, TestData.Pixels(50 * 784)));
        string path = _folder.Write("images.gz", gzip[..(gzip.Length / 2)]);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Rejects_corrupt_gzip_data()
    {
        byte[] gzip = TestData.Gzip(Images);
        for (int i = 10; i < gzip.Length - 8; i++) gzip[i] = 0xff;
        string path = _folder.Write("images.gz", gzip);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith(path + ": ", e.Message);
    }

    [Fact]
    public void Rejects_a_truncated_label_file()
    {
        string path = _folder.Write("labels", TestData.IdxLabels([1, 2, 3, 4])[..^1]);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(path));

        Assert.Equal($"{path}: truncated: its header declares 4 labels (12 bytes in all), but it ends after 11", e.Message);
    }

    [Fact]
    public void Rejects_bytes_after_the_declared_data()
    {
        string path = _folder.Write("labels", [.. TestData.IdxLabels([1, 2]), 0]);

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("extra bytes after the data its header declares", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Reads_labels_beyond_the_ten_digits()
    {
        string path = _folder.Write("labels", TestData.IdxLabels([1, 25, 255]));

        Assert.Equal([1, 25, 255], IdxReader.ReadLabels(path));
    }

    [Fact]
    public void Names_a_file_that_does_not_exist()
    {
        string path = Path.Combine(_folder.Path, "nowhere", "train-images-idx3-ubyte");

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal($"{path}: file does not exist", e.Message);
        Assert.IsAssignableFrom<InputException>(e);
    }

    [Fact]
    public void Names_a_directory_given_as_a_file()
    {
        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(_folder.Path));

        Assert.Equal($"{_folder.Path}: is a directory, expected a file", e.Message);
    }

    /// <summary>A pipe-like stream: forward reads only.</summary>
    sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
