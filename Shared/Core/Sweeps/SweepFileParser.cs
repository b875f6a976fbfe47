using System.Security.Cryptography;
using System.Text;
using Crossfold.Core.Sweeps.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// Turns a sweep file (YAML, or JSON, which is YAML's flow syntax) into a validated <see cref="SweepDefinition"/>.
/// The format is documented in docs/sweep-file.md. Reading touches no file system: dataset paths are only
/// resolved (against the sweep file's directory, or a submitted sweep's datasets root) and checked when
/// the dataset is loaded. The YAML is scanned for anchors, aliases, complex keys and deep nesting before
/// any node tree is built (see <see cref="YamlGuard"/>), so a small hostile file costs a small effort.
/// </summary>
public static class SweepFileParser
{
    private static readonly string[] Keys =
        ["name", "seed", "dataset", "noise", "folds", "architectures", "training", "hyperparameters", "refit", "search", "evaluate"];

    /// <summary>
    /// The default sweep seed: 42, the value of the seed notebook's <c>random_state</c>. Only the number is
    /// shared: Crossfold draws its folds with its own generator, so they are not the folds scikit-learn's
    /// KFold(random_state=42) made for the notebook.
    /// </summary>
    public const ulong DefaultSeed = 42;

    /// <summary>Parses and validates <paramref name="text"/>, read from <paramref name="path"/> (used for messages, the default name and relative paths).</summary>
    /// <exception cref="SweepFileException">Every problem found, each with its field path, line and column.</exception>
    public static SweepFile Parse(string text, string path) => Parse(text, path, SweepFileOptions.Local);

    /// <summary>Parses and validates <paramref name="text"/> under <paramref name="options"/>; stops when <paramref name="cancel"/> fires.</summary>
    /// <exception cref="SweepFileException">Every problem found, each with its field path, line and column.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public static SweepFile Parse(string text, string path, SweepFileOptions options, CancellationToken cancel = default)
    {
        var reader = new SweepReader(options);
        SweepDefinition? definition = Load(reader, text, cancel) is { } root ? Read(reader, root, path) : null;
        if (reader.Errors.Count > 0 || definition is null)
            throw new SweepFileException(path, reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray());
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new SweepFile(definition, path, text, hash, reader.Lines, reader.Columns);
    }

    /// <summary>The document's root node, or null after recording why there is none.</summary>
    private static YamlNode? Load(SweepReader reader, string text, CancellationToken cancel)
    {
        if (!YamlGuard.Check(reader, text, cancel)) return null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            reader.Error("", e.Start, $"malformed YAML: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 fails this way, without a position, on some unclosed flow collections; its scanner still knows where it stopped.
            reader.Error("", StoppedAt(text), "malformed YAML: is a bracket, brace or quote left open?");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            reader.Error("", Mark.Empty, "the sweep file is empty; it needs at least architectures: [...]");
            return null;
        }
        if (stream.Documents.Count > 1)
            reader.Error("", stream.Documents[1].RootNode.Start, "expected one sweep per file, found a second document (---)");
        return stream.Documents[0].RootNode;
    }

    private static Mark StoppedAt(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        try { while (scanner.MoveNext()) { } }
        catch (Exception) { /* the position it reached is what we want */ }
        return scanner.CurrentPosition;
    }

    private static SweepDefinition? Read(SweepReader r, YamlNode root, string path)
    {
        if (r.Fields("", root, Keys, "a mapping of sweep settings (name, dataset, noise, folds, architectures, training, ...)") is not { } f) return null;
        int errorsBefore = r.Errors.Count;

        // A submitted sweep's paths resolve against the datasets root: the coordinator never sees the file's directory.
        string directory = r.Options.DatasetsRoot
            ?? (path.Length > 0 ? Path.GetDirectoryName(Path.GetFullPath(path)) ?? "" : Directory.GetCurrentDirectory());
        string fileName = Path.GetFileNameWithoutExtension(path);
        string? name = f["name"] is { } n ? r.Text("name", n, "a non-empty name") : fileName.Length > 0 ? fileName : "sweep";
        ulong? seed = f["seed"] is { } s ? Seed(r, s) : DefaultSeed;
        var dataset = DatasetSection.Read(r, f["dataset"], directory);
        var noise = NoiseSection.Read(r, f["noise"]);
        var folds = FoldsSection.Read(r, f["folds"]);
        var architectures = ArchitecturesSection.Read(r, f["architectures"], f.Where("architectures"));
        var training = TrainingSection.Read(r, f["training"]);
        var search = SearchSection.Read(r, f["search"]);
        var hyperparameters = HyperparametersSection.Read(r, f["hyperparameters"], search?.Spec.Method);
        bool? refit = f["refit"] is { } rf ? r.Boolean("refit", rf) : false;
        var evaluate = EvaluateSection.Read(r, f["evaluate"]);

        if (refit == true && dataset is not null && !DatasetSection.HasTestSplit(dataset))
            r.Error("refit", f.Where("refit"),
                $"needs a held-out test split, but dataset {dataset} has none: use a source directory with the four MNIST files, or add test_images and test_labels");
        if (folds is not null && dataset?.Limit is int limit && folds.K > limit)
            r.Error("folds", f.Where("folds"), $"{folds.K} folds need at least {folds.K} images, but dataset.limit is {limit}");
        if (training is not null && hyperparameters is not null && hyperparameters.All(a => a.Name != "epochs")
            && r.Options.Limits.EpochsProblem(training.Value.Settings.Epochs) is string tooLong)
            r.Error("training.epochs", EpochsNode(f["training"]) ?? f.Where("training"), tooLong);
        if (r.Errors.Count > errorsBefore || name is null || seed is null || dataset is null || noise is null || folds is null
            || architectures is null || training is null || hyperparameters is null || refit is null || search is null || evaluate is null)
            return null;

        var definition = new SweepDefinition(name, seed.Value, dataset, noise.Settings, folds, architectures, training.Value.Settings,
            hyperparameters, refit.Value, training.Value.ExplicitOptimizer, search.Value.Fields is null ? null : search.Value.Spec, noise.Redraw,
            evaluate.Settings.Length > 0 ? evaluate.Settings : null, evaluate.Redraw);
        if (!SearchSection.Check(r, search.Value.Fields, definition)) return null;
        if (SweepPlan.TooManyJobs(definition, r.Options.Limits) is string tooMany)
        {
            r.Error("", root, tooMany);
            return null;
        }
        return definition;
    }

    /// <summary>The value of training.epochs, where a limit on it points (a default has none: the training key or the file is pointed at).</summary>
    private static YamlNode? EpochsNode(YamlNode? training) =>
        (training as YamlMappingNode)?.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "epochs" }).Value;

    private static ulong? Seed(SweepReader r, YamlNode node) =>
        r.Scalar("seed", node, "a non-negative integer") is string text
            ? ulong.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed)
                ? seed
                : Fail(r, node)
            : null;

    private static ulong? Fail(SweepReader r, YamlNode node)
    {
        r.Error("seed", node, $"expected a non-negative integer, got {SweepReader.Describe(node)}");
        return null;
    }
}
