namespace Crossfold.Shared.Data;

/// <summary>
/// Turns a sweep's <see cref="DatasetSpec"/> into checked in-memory datasets: the embedded
/// <c>mnist-t10k</c>, a directory of the four MNIST IDX files, or explicit IDX/.npy files; then applies
/// the limit (a stratified subset of the training split only).
/// </summary>
public static class DatasetLoader
{
    /// <summary>
    /// Loads what <paramref name="spec"/> names. Throws <see cref="InputException"/> (often a
    /// <see cref="DatasetException"/>) for a spec, file or content that cannot be used.
    /// </summary>
    public static LoadedDataset Load(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckSpec(spec);
        LoadedDataset loaded = spec.Source is string source ? LoadSource(source) : LoadFiles(spec);
        if (spec.Limit is not int limit) return loaded;
        if (limit > loaded.Train.Count)
            throw new InputException($"dataset: limit {limit} is larger than the {loaded.Train.Count} images of {loaded.Train.Name}");
        return loaded with { Train = StratifiedSubset.Take(loaded.Train, limit) };
    }

    static void CheckSpec(DatasetSpec spec)
    {
        bool files = spec.Images is not null || spec.Labels is not null;
        bool testFiles = spec.TestImages is not null || spec.TestLabels is not null;
        if (spec.Source is not null && (files || testFiles))
            throw new InputException("dataset: give either 'source' or 'images' + 'labels' (with optional 'test_images' + 'test_labels'), not both");
        if (spec.Source is null && !files)
            throw new InputException($"dataset: give 'source' ('{DatasetSpec.EmbeddedMnistT10k}' or a directory of MNIST IDX files) or 'images' + 'labels'");
        if (files && (spec.Images is null || spec.Labels is null))
            throw new InputException($"dataset: '{(spec.Images is null ? "labels" : "images")}' is set but '{(spec.Images is null ? "images" : "labels")}' is not; give both");
        if (testFiles && (spec.TestImages is null || spec.TestLabels is null))
            throw new InputException($"dataset: '{(spec.TestImages is null ? "test_labels" : "test_images")}' is set but '{(spec.TestImages is null ? "test_images" : "test_labels")}' is not; give both");
        if (spec.Limit is <= 0)
            throw new InputException($"dataset: limit must be a positive number of images, not {spec.Limit}");
    }

    static LoadedDataset LoadSource(string source)
    {
        if (source == DatasetSpec.EmbeddedMnistT10k) return new LoadedDataset(EmbeddedMnist.LoadT10k(), null);
        // A bare name that is no directory here is a dataset name we do not know; anything that looks
        // like a path is a directory that should exist, and MnistDirectory says so.
        bool looksLikePath = Path.IsPathRooted(source) || source.Contains('/') || source.Contains(Path.DirectorySeparatorChar);
        if (!Directory.Exists(source) && !looksLikePath)
            throw new InputException($"unknown dataset '{source}': expected '{DatasetSpec.EmbeddedMnistT10k}' or a directory with the four MNIST IDX files");
        MnistDirectory mnist = MnistDirectory.Find(source);
        // The two splits are independent files: reading them side by side halves the wait on two cores.
        var test = Task.Run(() => Pair(mnist.TestImages, mnist.TestLabels));
        Dataset train = Pair(mnist.TrainImages, mnist.TrainLabels);
        return Checked(train, test.GetAwaiter().GetResult());
    }

    static LoadedDataset LoadFiles(DatasetSpec spec)
    {
        Dataset train = Pair(spec.Images!, spec.Labels!);
        Dataset? test = spec.TestImages is null ? null : Pair(spec.TestImages, spec.TestLabels!);
        return Checked(train, test);
    }

    /// <summary>Reads an image file and its label file and checks that they belong together.</summary>
    static Dataset Pair(string imagesFile, string labelsFile)
    {
        ImageArray images = DatasetFiles.ReadImages(imagesFile);
        byte[] labels = DatasetFiles.ReadLabels(labelsFile);
        if (images.Count != labels.Length)
            throw new DatasetException($"{imagesFile} holds {images.Count} images but {labelsFile} holds {labels.Length} labels; they must match one to one");
        if (images.Count == 0) throw new DatasetException(imagesFile, "holds no images");
        return new Dataset(imagesFile, images.Pixels, labels, images.Height, images.Width, DigitLabels.Classes);
    }

    static LoadedDataset Checked(Dataset train, Dataset? test)
    {
        if (test is not null && (test.Height, test.Width) != (train.Height, train.Width))
            throw new DatasetException($"test images {test.Name} are {test.Height}x{test.Width} but training images {train.Name} are {train.Height}x{train.Width}; they must be the same size");
        return new LoadedDataset(train, test);
    }
}
