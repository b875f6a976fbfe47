using System.Security.Cryptography;
using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>A dataset's identity by content, independent of its name and file format.</summary>
public sealed class DatasetFingerprintTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Is_sha256_over_the_documented_layout()
    {
        var dataset = new Dataset("x", [0f, 0.5f, 1f, 0.25f], [3, 7], 1, 2);
        byte[] layout =
        [
            .. TestData.Bytes(2, 1, 2, 10), // count, height, width, classes
            .. TestData.Bytes(0f, 0.5f, 1f, 0.25f),
            3, 7,
        ];

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(layout)), DatasetFingerprint.Of(dataset));
    }

    [Fact]
    public void Is_the_same_for_the_same_images_from_idx_or_uint8_npy()
    {
        byte[] grey = TestData.Pixels(5 * 784), labels = [0, 1, 2, 3, 4];
        var fromIdx = DatasetLoader.Load(new DatasetSpec(null,
            _folder.Write("i.gz", TestData.Gzip(TestData.IdxImages(5, 28, 28, grey))), _folder.Write("l", TestData.IdxLabels(labels)), null, null, null)).Train;
        var fromNpy = DatasetLoader.Load(new DatasetSpec(null,
            _folder.Write("i.npy", TestData.Npy("|u1", [5, 784], grey)), _folder.Write("l.npy", TestData.Npy("<i8", [5], TestData.Bytes(0L, 1L, 2L, 3L, 4L))), null, null, null)).Train;

        Assert.NotEqual(fromIdx.Name, fromNpy.Name);
        Assert.Equal(DatasetFingerprint.Of(fromIdx), DatasetFingerprint.Of(fromNpy));
    }

    [Fact]
    public void Changes_with_one_pixel_one_label_or_the_image_size()
    {
        var original = new Dataset("x", [0f, 0.5f, 1f, 0.25f], [3, 7], 1, 2);
        string fingerprint = DatasetFingerprint.Of(original);

        Assert.NotEqual(fingerprint, DatasetFingerprint.Of(new Dataset("x", [0f, 0.5f, 1f, 0.26f], [3, 7], 1, 2)));
        Assert.NotEqual(fingerprint, DatasetFingerprint.Of(new Dataset("x", [0f, 0.5f, 1f, 0.25f], [3, 8], 1, 2)));
        Assert.NotEqual(fingerprint, DatasetFingerprint.Of(new Dataset("x", [0f, 0.5f, 1f, 0.25f], [3, 7], 2, 1)));
        Assert.Equal(fingerprint, DatasetFingerprint.Of(new Dataset("another name", [0f, 0.5f, 1f, 0.25f], [3, 7], 1, 2)));
    }

    [Fact]
    public void Covers_the_held_out_test_split_after_the_training_split()
    {
        var train = new Dataset("x", [0f, 0.5f, 1f, 0.25f], [3, 7], 1, 2);
        var test = new Dataset("t", [0.75f, 1f], [1], 1, 2);
        byte[] layout =
        [
            .. TestData.Bytes(2, 1, 2, 10), .. TestData.Bytes(0f, 0.5f, 1f, 0.25f), 3, 7,
            .. System.Text.Encoding.ASCII.GetBytes("crossfold held-out test split"),
            .. TestData.Bytes(1, 1, 2, 10), .. TestData.Bytes(0.75f, 1f), 1,
        ];

        string both = DatasetFingerprint.Of(new LoadedDataset(train, test));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(layout)), both);
        Assert.NotEqual(DatasetFingerprint.Of(train), both);
        Assert.NotEqual(both, DatasetFingerprint.Of(new LoadedDataset(train, new Dataset("t", [0.75f, 1f], [2], 1, 2))));
        Assert.NotEqual(both, DatasetFingerprint.Of(new LoadedDataset(train, new Dataset("t", [0.75f, 0.9f], [1], 1, 2))));
    }

    [Fact]
    public void A_worker_whose_test_split_differs_gets_another_fingerprint_from_the_cache()
    {
        byte[] grey = TestData.Pixels(4 * 784), labels = [0, 1, 2, 3];
        string images = _folder.Write("i", TestData.IdxImages(4, 28, 28, grey)), labelFile = _folder.Write("l", TestData.IdxLabels(labels));
        string testImages = _folder.Write("ti", TestData.IdxImages(2, 28, 28, TestData.Pixels(2 * 784))), testLabels = _folder.Write("tl", TestData.IdxLabels([5, 6]));
        string otherTestLabels = _folder.Write("tl2", TestData.IdxLabels([5, 7]));

        string Fingerprint(string testLabelFile) =>
            new DatasetCache().Get(new DatasetSpec(null, images, labelFile, testImages, testLabelFile, null)).Fingerprint;

        Assert.NotEqual(Fingerprint(testLabels), Fingerprint(otherTestLabels));
    }
}
