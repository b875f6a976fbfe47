using Crossfold.Shared;
using Crossfold.Shared.Data;
using Crossfold.Shared.Folds;
using Crossfold.Shared.Protocol;
using Crossfold.Shared.Sweeps;
using Crossfold.Worker.Jobs;

namespace Crossfold.Coordinator.Sweeps;

/// <summary>
/// Everything that happens to a sweep file before the coordinator sees it: parse and validate the
/// file, load the dataset and fingerprint it, check the folds against the labels and expand the plan.
/// Any problem is an <see cref="InputException"/> naming it, and nothing is submitted.
/// </summary>
public static class SweepIntake
{
    /// <summary>Reads and checks a sweep file; returns the submission and the loaded dataset.</summary>
    public static (SubmitSweep Submission, CachedDataset Data) FromFile(string path, DatasetCache datasets, string? sweepId = null)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: sweep file not found");
        return FromText(File.ReadAllText(path), path, datasets, sweepId);
    }

    /// <summary>Checks sweep text (YAML or JSON) named <paramref name="sourceName"/>.</summary>
    public static (SubmitSweep Submission, CachedDataset Data) FromText(string text, string sourceName, DatasetCache datasets, string? sweepId = null)
    {
        var file = SweepFileParser.Parse(text, sourceName);
        var def = file.Definition;
        CachedDataset data;
        try
        {
            data = datasets.Get(def.Dataset);
        }
        catch (InputException e) when (!e.Message.StartsWith("dataset", StringComparison.Ordinal))
        {
            // Readers name the file; the submitter also needs the field.
            throw new InputException($"dataset: {e.Message}", e);
        }
        if (def.Dataset.Fingerprint is string expected && expected != data.Fingerprint)
            throw new InputException($"dataset.fingerprint: the sweep expects {expected}, but {def.Dataset} has {data.Fingerprint}: these are not the same images");
        var train = data.Data.Train;
        // Surfaces "5 folds need at least 5 images of every class" before anything is queued.
        FoldSplitter.Get(train.Labels, def.CrossValidation, 0, 0, 0);
        string id = sweepId ?? NewId(def.Name);
        var facts = new DatasetFacts(data.Fingerprint, train.Count, train.Height, train.Width, train.Classes, data.Data.Test?.Count);
        SweepPlan.Create(def, id, facts.Fingerprint, facts.Height, facts.Width);
        return (new SubmitSweep(id, def, facts, sourceName, text, file.Sha256), data);
    }

    /// <summary>A readable, unique, URL-safe id: "quick-20261124-183012-3fa2".</summary>
    public static string NewId(string name)
    {
        var safe = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (safe.Length == 0) safe = "sweep";
        if (safe.Length > 40) safe = safe[..40];
        return $"{safe}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
    }
}
