using Crossfold.Core.Data;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>Images with channels: NPY channels last or first, 4-D IDX, the channel bound, and what the loader makes of them.</summary>
public sealed class ChannelImagesTests : IDisposable
{
    const int N = 3, C = 3, H = 4, W = 5;
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // The images channels first (N, C, H, W), as Crossfold holds them, and the same bytes channels last.
    static readonly byte[] ChannelsFirst = TestData.Pixels(N * C * H * W, seed: 7);
    static readonly byte[] ChannelsLast = ToChannelsLast(ChannelsFirst);

    static byte[] ToChannelsLast(byte[] first)
    {
        var last = new byte[first.Length];
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int p = 0; p < H * W; p++)
                    last[((n * H * W) + p) * C + c] = first[((n * C) + c) * H * W + p];
        return last;
    }

    static DatasetSpec Files(string images, string labels, ImageLayout? layout = null, string[]? classes = null) =>
        new(null, images, labels, null, null, null, Classes: classes, Layout: layout);

    string Labels(params byte[] labels) => _folder.Write($"labels-{Guid.NewGuid():N}", TestData.IdxLabels(labels));

    [Fact]
    public void Npy_channels_last_and_channels_first_read_as_the_same_images()
    {
        string last = _folder.Write("last.npy", TestData.Npy("|u1", [N, H, W, C], ChannelsLast));
        string first = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));

        ImageArray fromLast = NpyReader.ReadImages(last, ImageLayout.Nhwc);
        ImageArray fromFirst = NpyReader.ReadImages(first, ImageLayout.Nchw);

        Assert.Equal((N, H, W, C), (fromLast.Count, fromLast.Height, fromLast.Width, fromLast.Channels));
        Assert.Equal((N, H, W, C), (fromFirst.Count, fromFirst.Height, fromFirst.Width, fromFirst.Channels));
        Assert.Equal(ChannelsFirst.Select(b => b / 255f), fromFirst.Pixels);
        Assert.Equal(fromFirst.Pixels, fromLast.Pixels);
    }

    [Fact]
    public void Idx_with_a_channel_dimension_reads_rows_cols_channels_like_npy_channels_last()
    {
        string idx = _folder.Write("images-idx4-ubyte", TestData.IdxImages4(N, [H, W, C], ChannelsLast));
        string npy = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));

        ImageArray images = IdxReader.ReadImages(idx);

        Assert.Equal((N, H, W, C), (images.Count, images.Height, images.Width, images.Channels));
        Assert.Equal(NpyReader.ReadImages(npy, ImageLayout.Nchw).Pixels, images.Pixels);
        // dataset.layout nchw reads a 4-D IDX file channels first.
        string idxFirst = _folder.Write("first-idx4-ubyte", TestData.IdxImages4(N, [C, H, W], ChannelsFirst));
        Assert.Equal(images.Pixels, IdxReader.ReadImages(idxFirst, ImageLayout.Nchw).Pixels);
    }

    [Fact]
    public void The_same_images_channels_first_or_last_have_one_fingerprint_and_another_than_grey_images_of_those_bytes()
    {
        string labels = Labels(0, 1, 2);
        string last = _folder.Write("last.npy", TestData.Npy("|u1", [N, H, W, C], ChannelsLast));
        string first = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));
        string grey = _folder.Write("grey.npy", TestData.Npy("|u1", [N, C * H, W], ChannelsFirst));

        string Fingerprint(string images, ImageLayout? layout) => DatasetFingerprint.Of(DatasetLoader.Load(Files(images, labels, layout)));

        Assert.Equal(Fingerprint(first, ImageLayout.Nchw), Fingerprint(last, ImageLayout.Nhwc));
        Assert.NotEqual(Fingerprint(first, ImageLayout.Nchw), Fingerprint(grey, null));
    }

    [Fact]
    public void A_grey_dataset_keeps_the_fingerprint_it_had_before_channels()
    {
        // The fingerprint of one channel hashes count, height, width, classes, pixels and labels, and nothing more (MnistTests pins the real one).
        var grey = new Dataset("grey", [0f, 0.5f, 1f, 0.25f], [1], 2, 2, classes: 2);
        var colour = new Dataset("colour", [0f, 0.5f, 1f, 0.25f, 0f, 0.5f, 1f, 0.25f, 0f, 0.5f, 1f, 0.25f], [1], 2, 2, classes: 2, channels: 3);

        Assert.Equal(1, grey.Channels);
        Assert.Equal(4, grey.PixelsPerImage);
        Assert.Equal(12, colour.PixelsPerImage);
        Assert.NotEqual(DatasetFingerprint.Of(grey), DatasetFingerprint.Of(colour));
    }

    [Theory]
    [InlineData(new long[] { N, H, W, C })]
    [InlineData(new long[] { N, C, H, W })]
    public void A_4d_npy_array_without_a_layout_is_refused_naming_the_file_and_the_key(long[] shape)
    {
        string images = _folder.Write("colour.npy", TestData.Npy("|u1", shape, ChannelsFirst));

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Files(images, Labels(0, 1, 2))));

        Assert.StartsWith($"{images}: images of shape (", e.Message);
        Assert.Contains("Set dataset.layout (crossfold predict: --layout) to nhwc for (N, H, W, C) or nchw for (N, C, H, W)", e.Message);
        Assert.Equal("dataset.images", e.Field);
    }

    [Fact]
    public void More_than_four_channels_are_refused_with_the_layout_they_were_read_in()
    {
        // Channels first read as channels last: 5 "channels" (the width), a misread axis.
        string images = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));

        var e = Assert.Throws<DatasetException>(() => NpyReader.ReadImages(images, ImageLayout.Nhwc));

        Assert.Equal($"{images}: images of shape ({N}, {C}, {H}, {W}) read as nhwc have {W} channels; Crossfold takes 1 to 4 (grey, grey + alpha, RGB, RGBA)" +
            " — is dataset.layout right?", e.Message);
    }

    [Fact]
    public void Idx_with_more_than_four_channels_is_refused()
    {
        string images = _folder.Write("images-idx4-ubyte", TestData.IdxImages4(1, [2, 2, 5], new byte[20]));

        var e = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(images));

        Assert.Contains("have 5 channels; Crossfold takes 1 to 4", e.Message);
        Assert.StartsWith(images, e.Message);
    }

    [Fact]
    public void Grey_arrays_read_the_same_with_or_without_a_layout()
    {
        byte[] grey = TestData.Pixels(2 * 3 * 3);
        string images = _folder.Write("grey.npy", TestData.Npy("|u1", [2, 3, 3], grey));

        var plain = NpyReader.ReadImages(images);
        var told = NpyReader.ReadImages(images, ImageLayout.Nhwc);

        Assert.Equal(1, plain.Channels);
        Assert.Equal(plain.Pixels, told.Pixels);
    }

    [Fact]
    public void The_classes_are_the_largest_label_plus_one_and_the_channels_those_of_the_images()
    {
        string images = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));

        var loaded = DatasetLoader.Load(Files(images, Labels(0, 19, 4), ImageLayout.Nchw));

        Assert.Equal((20, 3), (loaded.Train.Classes, loaded.Train.Channels));
        Assert.Equal(C * H * W, loaded.Train.PixelsPerImage);
    }

    [Fact]
    public void Class_names_set_the_classes_when_they_cover_every_label()
    {
        string images = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));
        string[] names = [.. Enumerable.Range(0, 14).Select(i => $"class {i}")];

        var loaded = DatasetLoader.Load(Files(images, Labels(0, 11, 4), ImageLayout.Nchw, names));

        Assert.Equal(14, loaded.Train.Classes);
    }

    [Fact]
    public void Too_few_class_names_for_the_labels_are_refused_as_dataset_classes()
    {
        string images = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));

        var e = Assert.Throws<InputException>(() => DatasetLoader.Load(Files(images, Labels(0, 11, 4), ImageLayout.Nchw, ["a", "b", "c"])));

        Assert.Equal("3 class names for 12 classes (labels 0 to 11): give one name per class, in label order", e.Message);
        Assert.Equal("dataset.classes", e.Field);
    }

    [Fact]
    public void Train_and_test_images_must_have_the_same_channels()
    {
        string train = _folder.Write("first.npy", TestData.Npy("|u1", [N, C, H, W], ChannelsFirst));
        string test = _folder.Write("grey.npy", TestData.Npy("|u1", [N, H, W], ChannelsFirst[..(N * H * W)]));
        string labels = Labels(0, 1, 2);

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(new DatasetSpec(null, train, labels, test, labels, null, Layout: ImageLayout.Nchw)));

        Assert.Equal($"test images {test} are {H}x{W} but training images {train} are {H}x{W} with {C} channels; they must be the same size", e.Message);
        Assert.Equal("dataset.test_images", e.Field);
    }
}
