namespace Crossfold.Core.Data;

/// <summary>
/// Turns a sweep's <see cref="DatasetSpec"/> into checked in-memory datasets: the embedded
/// <c>mnist-t10k</c>, a directory of the four MNIST IDX files, or explicit IDX/.npy files; then applies
/// the class names and the limit (a stratified subset of the training split only). Three steps, so a cache can sit between
/// them: <see cref="Locate"/> finds and checks the files, <see cref="Read"/> reads them whole,
/// <see cref="View"/> sizes the classifier from the class names and cuts the subset. Problems are <see cref="InputException"/>s whose
/// <see cref="InputException.Field"/> names the sweep field at fault (dataset.source, dataset.images, ...).
/// </summary>
public static class DatasetLoader
{
    /// <summary>Loads what <paramref name="spec"/> names, from any regular file (a local run, a worker).</summary>
    public static LoadedDataset Load(DatasetSpec spec) => Load(spec, DatasetAccess.Anywhere);

    /// <summary>Loads what <paramref name="spec"/> names, reading only what <paramref name="access"/> allows.</summary>
    public static LoadedDataset Load(DatasetSpec spec, DatasetAccess access, CancellationToken cancel = default) =>
        View(Read(Locate(spec, access), cancel), spec);

    /// <summary>Checks <paramref name="spec"/> and finds its files, each checked by <paramref name="access"/>; reads none of them.</summary>
    public static DatasetLocation Locate(DatasetSpec spec, DatasetAccess access)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckSpec(spec);
        if (spec.Source is string source) return LocateSource(source, access);
        DatasetFile File(string key, string path) => At($"dataset.{key}", () => access.File(path));
        return new DatasetLocation(false, File("images", spec.Images!), File("labels", spec.Labels!),
            spec.TestImages is null ? null : File("test_images", spec.TestImages),
            spec.TestLabels is null ? null : File("test_labels", spec.TestLabels), spec.Layout);
    }

    /// <summary>
    /// Reads every file of <paramref name="location"/>, whole (no limit), and checks that they belong together. Both
    /// splits get as many classes as their labels need (the largest label of either, plus one).
    /// </summary>
    public static LoadedDataset Read(DatasetLocation location, CancellationToken cancel = default)
    {
        if (location.IsEmbedded) return new LoadedDataset(EmbeddedMnist.LoadT10k(), null);
        // The two splits are independent files: reading them side by side halves the wait on two cores.
        var test = location.TestImages is null ? null
            : Task.Run(() => Pair(location, location.TestImages, "test_images", location.TestLabels!, "test_labels", cancel), cancel);
        Dataset train = Pair(location, location.TrainImages!, "images", location.TrainLabels!, "labels", cancel);
        Dataset? testSet = test?.GetAwaiter().GetResult();
        if (testSet is not null && (testSet.Channels, testSet.Height, testSet.Width) != (train.Channels, train.Height, train.Width))
            throw new DatasetException($"test images {testSet.Name} are {Shape(testSet)} but training images {train.Name} are {Shape(train)}; they must be the same size")
                { Field = location.FieldOf("test_images") };
        int classes = Math.Max(train.Classes, testSet?.Classes ?? 0);
        return new LoadedDataset(train.WithClasses(classes), testSet?.WithClasses(classes));
    }

    /// <summary>"28x28", or "32x32 with 3 channels": a dataset's image size for messages.</summary>
    public static string Shape(Dataset d) => d.Channels == 1 ? $"{d.Height}x{d.Width}" : $"{d.Height}x{d.Width} with {d.Channels} channels";

    /// <summary>What a sweep's dataset is made of <paramref name="full"/>: as many classes as <paramref name="spec"/> names, if it names them, and its limit.</summary>
    public static LoadedDataset View(LoadedDataset full, DatasetSpec spec) => Limit(Named(full, spec.Classes), spec.Limit);

    /// <summary>
    /// <paramref name="loaded"/> with a classifier of one output per name in <paramref name="names"/> (none: as the labels
    /// need), which must cover every label: a name may stand for a class no image has, never the reverse.
    /// </summary>
    public static LoadedDataset Named(LoadedDataset loaded, IReadOnlyList<string>? names)
    {
        if (names is null) return loaded;
        if (ClassNames.Problem(names, loaded.Train.Classes) is string problem)
            throw new InputException(problem) { Field = "dataset.classes" };
        return names.Count == loaded.Train.Classes ? loaded
            : new LoadedDataset(loaded.Train.WithClasses(names.Count), loaded.Test?.WithClasses(names.Count));
    }

    /// <summary><paramref name="loaded"/> with only a stratified subset of <paramref name="limit"/> training images (all when null).</summary>
    public static LoadedDataset Limit(LoadedDataset loaded, int? limit)
    {
        if (limit is not int n) return loaded;
        if (n > loaded.Train.Count)
            throw new InputException($"limit {n} is larger than the {loaded.Train.Count} images of {loaded.Train.Name}") { Field = "dataset.limit" };
        return loaded with { Train = StratifiedSubset.Take(loaded.Train, n) };
    }

    static void CheckSpec(DatasetSpec spec)
    {
        bool files = spec.Images is not null || spec.Labels is not null;
        bool testFiles = spec.TestImages is not null || spec.TestLabels is not null;
        if (spec.Source is not null && (files || testFiles))
            throw Spec("give either 'source' or 'images' + 'labels' (with optional 'test_images' + 'test_labels'), not both");
        if (spec.Source is null && !files)
            throw Spec($"give 'source' ('{DatasetSpec.EmbeddedMnistT10k}' or a directory of MNIST IDX files) or 'images' + 'labels'");
        if (files && (spec.Images is null || spec.Labels is null))
            throw Spec($"'{(spec.Images is null ? "labels" : "images")}' is set but '{(spec.Images is null ? "images" : "labels")}' is not; give both");
        if (testFiles && (spec.TestImages is null || spec.TestLabels is null))
            throw Spec($"'{(spec.TestImages is null ? "test_labels" : "test_images")}' is set but '{(spec.TestImages is null ? "test_images" : "test_labels")}' is not; give both");
        if (spec.Limit is <= 0)
            throw new InputException($"dataset: limit must be a positive number of images, not {spec.Limit}") { Field = "dataset.limit" };
    }

    static InputException Spec(string problem) => new($"dataset: {problem}") { Field = "dataset" };

    static DatasetLocation LocateSource(string source, DatasetAccess access)
    {
        if (source == DatasetSpec.EmbeddedMnistT10k) return DatasetLocation.Embedded;
        // A bare name that is no directory here is a dataset name we do not know; anything that looks
        // like a path is a directory that should exist, and MnistDirectory says so. (A parsed sweep's
        // paths are absolute, so a confined access never probes a bare name.)
        bool looksLikePath = Path.IsPathRooted(source) || source.Contains('/') || source.Contains(Path.DirectorySeparatorChar);
        if (!looksLikePath && !Directory.Exists(source))
            throw new InputException($"unknown dataset '{source}': expected '{DatasetSpec.EmbeddedMnistT10k}' or a directory with the four MNIST IDX files")
                { Field = "dataset.source" };
        DatasetFile[] files = At("dataset.source", () => MnistDirectory.Find(source, access));
        return new DatasetLocation(true, files[0], files[1], files[2], files[3]);
    }

    /// <summary>Reads an image file and its label file and checks that they belong together.</summary>
    static Dataset Pair(DatasetLocation location, DatasetFile imagesFile, string imagesKey, DatasetFile labelsFile, string labelsKey, CancellationToken cancel)
    {
        ImageArray images = At(location.FieldOf(imagesKey), () => DatasetFiles.ReadImages(imagesFile, location.Layout, cancel));
        byte[] labels = At(location.FieldOf(labelsKey), () => DatasetFiles.ReadLabels(labelsFile, cancel));
        if (images.Count != labels.Length)
            throw new DatasetException($"{imagesFile.Path} holds {images.Count} images but {labelsFile.Path} holds {labels.Length} labels; they must match one to one")
                { Field = location.FieldOf(labelsKey) };
        if (images.Count == 0) throw new DatasetException(imagesFile.Path, "holds no images") { Field = location.FieldOf(imagesKey) };
        return new Dataset(imagesFile.Path, images.Pixels, labels, images.Height, images.Width, ClassLabels.Needed(labels), images.Channels);
    }

    /// <summary>Runs <paramref name="action"/>, marking a dataset problem it throws as caused by <paramref name="field"/>.</summary>
    static T At<T>(string field, Func<T> action)
    {
        try { return action(); }
        catch (DatasetException e) { throw e.At(field); }
    }
}
