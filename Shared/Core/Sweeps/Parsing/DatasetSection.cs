using Crossfold.Core.Data;
using Crossfold.Core.Text;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads <c>dataset:</c>: a name or directory, or a mapping. Relative paths resolve against the sweep file's
/// directory, or for a submitted sweep against the coordinator's datasets root, outside which no path may
/// point (checked here by the path's text, and again after following links when the files are opened).
/// </summary>
internal static class DatasetSection
{
    private const string Path = "dataset";
    private static readonly string[] Keys = ["source", "images", "labels", "test_images", "test_labels", "limit", "fingerprint", "classes", "layout"];
    private static readonly string[] Layouts = [.. Enum.GetValues<ImageLayout>().Select(ImageChannels.Name)];

    /// <summary>Whether refit has a held-out split to test on: a source directory has MNIST's own; the embedded set has none.</summary>
    public static bool HasTestSplit(DatasetSpec dataset) =>
        dataset.Source is string source ? source != DatasetSpec.EmbeddedMnistT10k : dataset.TestImages is not null;

    public static DatasetSpec? Read(SweepReader r, YamlNode? node, string sweepDirectory)
    {
        if (node is null) return DatasetSpec.Embedded();
        if (node is YamlScalarNode)
            return Source(r, Path, node, sweepDirectory) is string named ? new DatasetSpec(named, null, null, null, null, null) : null;

        int errorsBefore = r.Errors.Count;
        if (r.Fields(Path, node, Keys, "a dataset name, a directory, or a mapping with source or images and labels") is not { } f) return null;
        string? source = f["source"] is { } s ? Source(r, f.PathOf("source"), s, sweepDirectory) : null;
        string? File(string key) => f[key] is { } n && r.Text(f.PathOf(key), n, "a file path or sha256:DIGEST") is string text
            ? StoredFile.LooksLikeReference(text) ? Stored(r, f.PathOf(key), n, text) : Resolve(r, f.PathOf(key), n, text, sweepDirectory)
            : null;
        string? images = File("images"), labels = File("labels"), testImages = File("test_images"), testLabels = File("test_labels");
        int? limit = f["limit"] is { } l ? r.Integer(f.PathOf("limit"), l, 1, "a positive integer (the number of images to keep)") : null;
        string? fingerprint = f["fingerprint"] is { } fp ? Fingerprint(r, f.PathOf("fingerprint"), fp) : null;
        string[]? classes = f["classes"] is { } c ? Classes(r, f.PathOf("classes"), c) : null;
        ImageLayout? layout = f["layout"] is { } lay && r.Word(f.PathOf("layout"), lay, Layouts, "image layout") is string word
            ? Enum.GetValues<ImageLayout>().First(l => ImageChannels.Name(l) == word) : null;

        if (f["source"] is not null)
        {
            foreach (string key in new[] { "images", "labels" }.Where(k => f[k] is not null))
                r.Error(f.PathOf(key), f.Where(key), "give either source or images and labels, not both");
            // A source directory holds MNIST's own test split; a second one would be ambiguous.
            foreach (string key in new[] { "test_images", "test_labels" }.Where(k => f[k] is not null))
                r.Error(f.PathOf(key), f.Where(key), "only with images and labels (a source brings its own test split, or none)");
        }
        else
        {
            if (f["images"] is null && f["labels"] is null)
                r.Error(Path, f.Where("images"), "expected source, or images and labels");
            else
                Pair(r, f, "images", "labels");
            Pair(r, f, "test_images", "test_labels");
        }
        return r.Errors.Count > errorsBefore ? null : new DatasetSpec(source, images, labels, testImages, testLabels, limit, fingerprint, classes, layout);
    }

    /// <summary>Class names: a list (label order), or a known set's name such as fashion-mnist.</summary>
    private static string[]? Classes(SweepReader r, string path, YamlNode node)
    {
        string known = string.Join(", ", ClassNames.Known.Keys);
        if (node is YamlScalarNode)
        {
            if (r.Text(path, node, $"a list of class names or one of: {known}") is not string name) return null;
            if (ClassNames.Known.TryGetValue(name.ToLowerInvariant(), out var set)) return set;
            r.Error(path, node, $"unknown set of class names '{name}': expected one of {known}, or a list of names in label order");
            return null;
        }
        if (r.Sequence(path, node, $"a list of class names or one of: {known}") is not { } items) return null;
        int errorsBefore = r.Errors.Count;
        var names = new List<string>();
        foreach (var (itemPath, item) in items)
        {
            if (r.Text(itemPath, item, "a class name") is not string name) continue;
            if (name.Length > ClassNames.MaxLength)
                r.Error(itemPath, item, $"a class name has at most {ClassNames.MaxLength} characters, this one {name.Length}");
            else if (names.Contains(name))
                r.Error(itemPath, item, $"'{name}' names two classes; reports could not tell them apart");
            names.Add(name);
        }
        if (items.Count < 2) r.Error(path, node, $"expected a name for each class (at least 2), got {items.Count}");
        return r.Errors.Count > errorsBefore ? null : names.ToArray();
    }

    /// <summary>A SHA-256 as `crossfold run` prints and reports record it: 64 hexadecimal digits.</summary>
    private static string? Fingerprint(SweepReader r, string path, YamlNode node)
    {
        if (r.Text(path, node, "a dataset fingerprint (64 hexadecimal digits, as reports record it)") is not string text) return null;
        string lower = text.Trim().ToLowerInvariant();
        if (lower.Length == 64 && lower.All(char.IsAsciiHexDigit)) return lower;
        r.Error(path, node, $"expected 64 hexadecimal digits (the dataset fingerprint a report records), got '{text}'");
        return null;
    }

    /// <summary>A file in the coordinator's dataset store, named by the SHA-256 of its bytes: "sha256:" and 64 hexadecimal digits.</summary>
    private static string? Stored(SweepReader r, string path, YamlNode node, string text)
    {
        if (StoredFile.DigestOf(text) is string digest) return StoredFile.Reference(digest);
        r.Error(path, node, $"expected {StoredFile.Prefix} followed by 64 hexadecimal digits (a stored file's SHA-256, as `crossfold datasets list` shows it), got '{text}'");
        return null;
    }

    private static void Pair(SweepReader r, Fields f, string first, string second)
    {
        if (f[first] is not null && f[second] is null) r.Error(f.PathOf(second), f.Where(second), $"required with {first}");
        if (f[second] is not null && f[first] is null) r.Error(f.PathOf(first), f.Where(first), $"required with {second}");
    }

    /// <summary>The embedded dataset's name, or a directory made absolute; a near-miss of the name is caught rather than read as a path.</summary>
    private static string? Source(SweepReader r, string path, YamlNode node, string sweepDirectory)
    {
        if (r.Text(path, node, "a dataset name or a directory") is not string text) return null;
        if (string.Equals(text, DatasetSpec.EmbeddedMnistT10k, StringComparison.OrdinalIgnoreCase)) return DatasetSpec.EmbeddedMnistT10k;
        bool looksLikeName = text.IndexOfAny(['/', '\\']) < 0;
        if (looksLikeName && DidYouMean.Closest(text, [DatasetSpec.EmbeddedMnistT10k]) is string name)
        {
            r.Error(path, node, $"unknown dataset '{text}'; did you mean '{name}'? (write ./{text} for a directory of that name)");
            return null;
        }
        return Resolve(r, path, node, text, sweepDirectory);
    }

    /// <summary>The path made absolute; for a submitted sweep, null after an error when it leaves the datasets root.</summary>
    private static string? Resolve(SweepReader r, string field, YamlNode node, string text, string directory)
    {
        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, text));
        if (r.Options.DatasetsRoot is not string configured) return full;
        string root = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(configured));
        if (PathResolver.Relative(full, root) is not null) return full;
        r.Error(field, node, System.IO.Path.IsPathRooted(text)
            ? $"{text} is outside the coordinator's datasets root {root} (--datasets-root); a submitted sweep may only name datasets under it"
            : $"'{text}' resolves to {full}, outside the coordinator's datasets root {root} (--datasets-root): relative paths in a submitted sweep " +
              "resolve against that root, not against the sweep file's directory, which the coordinator never sees; name a path under the root");
        return null;
    }
}
