using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Sweeps;

/// <summary>
/// Everything that happens to a sweep file before the coordinator sees it: parse and validate the
/// file, load the dataset and fingerprint it, check the folds against the labels and the trials of the plan.
/// Any problem is a <see cref="SweepFileException"/> naming the field and its line (or, for a missing
/// file, an <see cref="InputException"/>), and nothing is submitted.
/// </summary>
public static class SweepIntake
{
    /// <summary>Reads and checks a sweep file on this machine (`crossfold run`); returns the submission and the loaded dataset, which stays in <paramref name="datasets"/>.</summary>
    public static (SubmitSweep Submission, CachedDataset Data, SweepFile File) FromFile(string path, DatasetCache datasets, string? sweepId = null)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: sweep file not found");
        return FromText(File.ReadAllText(path), path, datasets, sweepId);
    }

    /// <summary>
    /// Checks sweep text (YAML or JSON) of a file on this machine named <paramref name="sourceName"/>: relative
    /// paths resolve against its directory and may name any regular file. The dataset stays in <paramref name="datasets"/>.
    /// </summary>
    public static (SubmitSweep Submission, CachedDataset Data, SweepFile File) FromText(string text, string sourceName, DatasetCache datasets, string? sweepId = null)
    {
        var checkedSweep = Check(text, sourceName, SweepFileOptions.Local, DatasetAccess.Anywhere, datasets, sweepId, CancellationToken.None);
        datasets.Keep(checkedSweep.Data);
        return checkedSweep;
    }

    /// <summary>
    /// Checks a sweep submitted to a coordinator under <paramref name="rules"/> (datasets root, sizes, limits).
    /// Its dataset is not kept: a rejected sweep must leave nothing behind, so <see cref="DatasetCache.Keep"/> it once accepted.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired (the client left).</exception>
    public static (SubmitSweep Submission, CachedDataset Data, SweepFile File) Submitted(string text, string sourceName, IntakeOptions rules, DatasetCache datasets,
        CancellationToken cancel) =>
        Check(text, sourceName, rules.FileOptions, rules.Access, datasets, null, cancel);

    static (SubmitSweep Submission, CachedDataset Data, SweepFile File) Check(string text, string sourceName, SweepFileOptions options, DatasetAccess access,
        DatasetCache datasets, string? sweepId, CancellationToken cancel)
    {
        var file = SweepFileParser.Parse(text, sourceName, options, cancel);
        var def = file.Definition;
        CachedDataset data;
        try
        {
            data = datasets.Peek(def.Dataset, access, cancel);
        }
        catch (InputException e)
        {
            // The short form `dataset: DIR` has no dataset.source to point at.
            string field = e.Field is "dataset.source" && !file.Lines.ContainsKey("dataset.source") ? "dataset" : e.Field ?? "dataset";
            throw Problem(file, field, e.Message, e);
        }
        if (def.Dataset.Fingerprint is string expected && expected != data.Fingerprint)
            throw Problem(file, "dataset.fingerprint", $"the sweep expects {expected}, but {def.Dataset} has {data.Fingerprint}: these are not the same images");
        var train = data.Data.Train;
        // Surfaces "5 folds need at least 5 images of every class" before anything is queued.
        if (FoldSplitter.Problem(train.Labels, def.CrossValidation) is string folds)
            throw Problem(file, "folds", folds.StartsWith("folds: ", StringComparison.Ordinal) ? folds["folds: ".Length..] : folds);
        if (NestedFolds.Problem(train.Labels, def.CrossValidation, SweepSeeds.Folds(def.Seed)) is string nested)
            throw Problem(file, "folds.inner_k", nested["folds.inner_k: ".Length..]);
        string id = sweepId ?? NewId(def.Name);
        // Classes: as many as the class names, else as the labels need (the loader checked that the names cover the labels).
        var facts = new DatasetFacts(data.Fingerprint, train.Count, train.Height, train.Width, train.Classes, data.Data.Test?.Count, train.Channels);
        IReadOnlyList<Trial> trials;
        try
        {
            // Every check of a plan, without expanding the jobs: the coordinator does that once, when it accepts the sweep.
            trials = SweepPlan.TrialsOf(def, facts.Height, facts.Width);
        }
        catch (InputException e)
        {
            throw Problem(file, e.Field ?? "", e.Message, e);
        }
        // The smallest fold's training part is what is left beside the largest test fold (of an inner fold, in a nested sweep).
        int smallestTraining = SmallestTraining(train.Count, def.CrossValidation.K);
        if (def.CrossValidation.Nested) smallestTraining = SmallestTraining(smallestTraining, def.CrossValidation.InnerK);
        foreach (double fraction in trials.Select(t => t.Training.ValidationFraction).Distinct())
            if (ValidationSplit.TooSmall(smallestTraining, fraction, train.Classes) is string tooSmall)
                throw Problem(file, ValidationField(file), tooSmall);
        return (new SubmitSweep(id, def, facts, sourceName, text, file.Sha256), data, file);
    }

    /// <summary>The training part of the smallest of <paramref name="k"/> folds of <paramref name="images"/>: what the largest test part leaves.</summary>
    static int SmallestTraining(int images, int k) => images - (images + k - 1) / k;

    /// <summary>Where a validation split comes from in <paramref name="file"/>: its own key, a grid of it, or early stopping's default.</summary>
    static string ValidationField(SweepFile file) =>
        new[] { "training.validation_split", "hyperparameters.validation_split", "training.early_stopping", "hyperparameters.early_stopping" }
            .FirstOrDefault(file.Lines.ContainsKey) ?? "training";

    /// <summary>A problem found after parsing, pointed at its field's line like the parser's own.</summary>
    static SweepFileException Problem(SweepFile file, string field, string message, Exception? inner = null) =>
        new(file.Path, [file.ErrorAt(field, message)], inner);

    /// <summary>A readable, unique, URL-safe id: "quick-20261124-183012-3fa2".</summary>
    public static string NewId(string name)
    {
        var safe = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (safe.Length == 0) safe = "sweep";
        if (safe.Length > 40) safe = safe[..40];
        return $"{safe}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
    }
}
