using Crossfold.Core.Data;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>From a sweep's dataset entry to checked datasets: explicit files, directories, and the limit.</summary>
public sealed class DatasetLoaderTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static DatasetSpec Files(string images, string labels, string? testImages = null, string? testLabels = null, int? limit = null) =>
        new(null, images, labels, testImages, testLabels, limit);

    static DatasetSpec Source(string source, int? limit = null) => new(source, null, null, null, null, limit);

    string IdxPair(string prefix, byte[] labels, int rows = 2, int cols = 2, int seed = 1) =>
        _folder.Write($"{prefix}-images", TestData.IdxImages(labels.Length, rows, cols, TestData.Pixels(labels.Length * rows * cols, seed)));

    [Fact]
    public void Loads_explicit_idx_files_with_a_test_split()
    {
        string images = IdxPair("train", [1, 2, 3]), labels = _folder.Write("train-labels", TestData.IdxLabels([1, 2, 3]));
        string testImages = IdxPair("test", [4, 5], seed: 2), testLabels = _folder.Write("test-labels.gz", TestData.Gzip(TestData.IdxLabels([4, 5])));

        LoadedDataset loaded = DatasetLoader.Load(Files(images, labels, testImages, testLabels));

        Assert.Equal([1, 2, 3], loaded.Train.Labels);
        // Six classes: the largest label of either split (the test split's 5) plus one, for both.
        Assert.Equal((2, 2, 6, 1), (loaded.Train.Height, loaded.Train.Width, loaded.Train.Classes, loaded.Train.Channels));
        Assert.Equal(6, loaded.Test!.Classes);
        Assert.Equal(images, loaded.Train.Name);
        Assert.Equal([4, 5], loaded.Test!.Labels);
    }

    [Fact]
    public void Loads_npy_and_idx_files_told_apart_by_content()
    {
        byte[] grey = TestData.Pixels(2 * 784);
        string images = _folder.Write("images.idx", TestData.Npy("|u1", [2, 28, 28, 1], grey));
        string labels = _folder.Write("labels.npy", TestData.IdxLabels([7, 8]));

        LoadedDataset loaded = DatasetLoader.Load(Files(images, labels));

        Assert.Equal(grey.Select(b => b / 255f), loaded.Train.Pixels);
        Assert.Equal([7, 8], loaded.Train.Labels);
        Assert.Null(loaded.Test);
    }

    [Fact]
    public void Rejects_a_file_that_is_neither_idx_nor_npy()
    {
        string images = _folder.Write("images.png", [0x89, (byte)'P', (byte)'N', (byte)'G']);

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Files(images, images)));

        Assert.Equal($"{images}: is neither an IDX file (which starts with two zero bytes) nor a NumPy .npy file (which starts with \\x93NUMPY)", e.Message);
        Assert.DoesNotContain("89504E47", e.Message, StringComparison.OrdinalIgnoreCase); // its content is never echoed
        Assert.Equal("dataset.images", e.Field);
    }

    [Fact]
    public void Rejects_counts_that_differ_naming_both_files_and_counts()
    {
        string images = IdxPair("train", [1, 2, 3]), labels = _folder.Write("labels.npy", TestData.Npy("|u1", [2], [1, 2]));

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Files(images, labels)));

        Assert.Equal($"{images} holds 3 images but {labels} holds 2 labels; they must match one to one", e.Message);
    }

    [Fact]
    public void Rejects_an_empty_dataset()
    {
        string images = IdxPair("train", []), labels = _folder.Write("labels", TestData.IdxLabels([]));

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Files(images, labels)));

        Assert.Equal($"{images}: holds no images", e.Message);
    }

    [Fact]
    public void Rejects_test_images_of_another_size()
    {
        string images = IdxPair("train", [1]), labels = _folder.Write("labels", TestData.IdxLabels([1]));
        string testImages = IdxPair("test", [1], rows: 3, cols: 3);

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Files(images, labels, testImages, labels)));

        Assert.Contains("are 3x3 but training images", e.Message);
    }

    [Fact]
    public void Names_a_missing_labels_file()
    {
        string images = IdxPair("train", [1]), labels = Path.Combine(_folder.Path, "labels.npy");

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Files(images, labels)));

        Assert.Equal($"{labels}: file does not exist", e.Message);
    }

    [Fact]
    public void Loads_a_directory_of_the_four_mnist_files_raw_or_gz()
    {
        string dir = Path.Combine(_folder.Path, "mnist");
        _folder.Write("mnist/train-images-idx3-ubyte.gz", TestData.Gzip(TestData.IdxImages(3, 28, 28, TestData.Pixels(3 * 784))));
        _folder.Write("mnist/train-labels-idx1-ubyte", TestData.IdxLabels([0, 1, 2]));
        _folder.Write("mnist/t10k-images-idx3-ubyte", TestData.IdxImages(2, 28, 28, TestData.Pixels(2 * 784, 2)));
        _folder.Write("mnist/t10k-labels-idx1-ubyte.gz", TestData.Gzip(TestData.IdxLabels([3, 4])));

        LoadedDataset loaded = DatasetLoader.Load(Source(dir));

        Assert.Equal([0, 1, 2], loaded.Train.Labels);
        Assert.Equal([3, 4], loaded.Test!.Labels);
    }

    [Fact]
    public void Lists_what_a_directory_lacks()
    {
        string dir = Path.Combine(_folder.Path, "mnist");
        _folder.Write("mnist/train-images-idx3-ubyte.gz", []);
        _folder.Write("mnist/t10k-labels-idx1-ubyte", []);

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Source(dir)));

        Assert.Equal($"{dir}: dataset directory lacks train-labels-idx1-ubyte, t10k-images-idx3-ubyte; expected the four MNIST IDX files "
            + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each raw or .gz)", e.Message);
    }

    [Fact]
    public void Says_what_a_missing_directory_should_have_been()
    {
        string dir = Path.Combine(_folder.Path, "no-such-dir");

        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Source(dir)));

        Assert.StartsWith($"{dir}: dataset directory does not exist; expected 'mnist-t10k' or a directory with the four MNIST IDX files train-images-idx3-ubyte, ", e.Message);
    }

    [Fact]
    public void Rejects_an_unknown_dataset_name()
    {
        var e = Assert.Throws<InputException>(() => DatasetLoader.Load(Source("fashion-mnist")));

        Assert.Equal("unknown dataset 'fashion-mnist': expected 'mnist-t10k' or a directory with the four MNIST IDX files", e.Message);
    }

    [Theory]
    [InlineData("mnist-t10k", "i", "l", null, null, null, "not both")]
    [InlineData(null, null, null, null, null, null, "give 'source'")]
    [InlineData(null, "i", null, null, null, null, "'images' is set but 'labels' is not")]
    [InlineData(null, "i", "l", null, "tl", null, "'test_labels' is set but 'test_images' is not")]
    [InlineData("mnist-t10k", null, null, null, null, 0, "limit must be a positive number of images, not 0")]
    public void Rejects_an_inconsistent_spec(string? source, string? images, string? labels, string? testImages, string? testLabels, int? limit, string problem)
    {
        var e = Assert.Throws<InputException>(() => DatasetLoader.Load(new DatasetSpec(source, images, labels, testImages, testLabels, limit)));

        Assert.StartsWith("dataset: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Limit_keeps_class_proportions_exact_total_and_file_order_of_the_training_split_only()
    {
        // 20 samples: class 0 x10 (mostly first), class 1 x6, class 2 x4; limit 7 -> 3.5, 2.1, 1.4 -> 3+2+1 = 6,
        // the seat left goes to the largest remainder (class 0): 4, 2, 1.
        byte[] labels = [0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 1, 0, 2, 0, 1, 1, 2, 1, 2];
        string images = IdxPair("train", labels), labelsFile = _folder.Write("labels", TestData.IdxLabels(labels));
        string testImages = IdxPair("test", [5, 5, 5], seed: 3), testLabels = _folder.Write("test-labels", TestData.IdxLabels([5, 5, 5]));
        var full = DatasetLoader.Load(Files(images, labelsFile)).Train;

        LoadedDataset loaded = DatasetLoader.Load(Files(images, labelsFile, testImages, testLabels, limit: 7));

        int[] expected = StratifiedSubset.Indices(labels, 3, 7); // a seeded random choice within each class
        Assert.Equal([4, 2, 1], Enumerable.Range(0, 3).Select(c => expected.Count(i => labels[i] == c)));
        Assert.Equal(expected.Order(), expected); // in file order
        Assert.NotEqual([0, 1, 2, 3, 6, 8, 9], expected); // not the first images of each class
        Assert.Equal(expected.Select(i => labels[i]), loaded.Train.Labels);
        Assert.Equal(expected.SelectMany(i => full.Image(i).ToArray()), loaded.Train.Pixels);
        Assert.Equal($"{images} (limit 7)", loaded.Train.Name);
        Assert.Equal(3, loaded.Test!.Count);
    }

    [Fact]
    public void Rejects_a_limit_larger_than_the_dataset()
    {
        string images = IdxPair("train", [1, 2, 3]), labels = _folder.Write("labels", TestData.IdxLabels([1, 2, 3]));

        var e = Assert.Throws<InputException>(() => DatasetLoader.Load(Files(images, labels, limit: 4)));

        Assert.Equal($"limit 4 is larger than the 3 images of {images}", e.Message);
        Assert.Equal("dataset.limit", e.Field);
    }
}
