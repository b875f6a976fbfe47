using Crossfold.Core.Architectures;
using Crossfold.Core.Jobs;
using Crossfold.Core.Randomness;
using Crossfold.Core.Results;
using Crossfold.Core.Statistics;
using Crossfold.Core.Sweeps;

namespace Crossfold.Reports;

/// <summary>
/// Turns a sweep's raw results into its report: statistics, per-class metrics and the mean learning
/// curve per trial, the best trial marked, and every other trial tested against it.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The version written into every report.</summary>
    public static string CrossfoldVersion =>
        typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static SweepReport Build(SweepResults results)
    {
        var def = results.Definition;
        var trials = results.Trials.Select(trial =>
        {
            var jobs = results.Jobs.Where(j => j.TrialIndex == trial.Index).OrderBy(j => j.Repeat).ThenBy(j => j.Fold).ToList();
            var folds = jobs.Where(j => j.Outcome is not null).Select(j => Fold(def.Seed, j, j.Outcome!)).ToList();
            var failed = jobs.Where(j => j.Outcome is null && j.Error is not null)
                .Select(j => new FailedFoldReport(j.JobId, j.Repeat, j.Fold, j.Attempts, j.Error!)).ToList();
            var unfinished = jobs.Where(j => j.Outcome is null && j.Error is null)
                .Select(j => new UnfinishedFoldReport(j.JobId, j.Repeat, j.Fold, j.Attempts)).ToList();
            int classes = results.Dataset.Classes;
            var confusion = new int[classes * classes];
            foreach (var f in folds)
                for (int i = 0; i < confusion.Length && i < f.Confusion.Length; i++) confusion[i] += f.Confusion[i];
            long parameters = ShapeInference.Infer(trial.Architecture, 1, results.Dataset.Height, results.Dataset.Width, classes).TotalParameters;
            return new TrialReport(trial.Index, trial.Label, trial.Architecture.Name, trial.Architecture.Describe(), parameters,
                trial.Noise.ToString(), trial.Hyperparameters, trial.Training, folds, failed, unfinished,
                folds.Count > 0 ? Summary.Of(folds.Select(f => f.Accuracy).ToList()) : null,
                folds.Count > 0 ? Summary.Of(folds.Select(f => f.Loss).ToList()) : null,
                confusion, false, ClassMetrics.Compute(confusion, classes),
                LearningCurves.Mean(folds.Select(f => f.History)), null);
        }).ToList();

        int? best = Best(trials);
        if (best is int b)
        {
            int at = trials.FindIndex(t => t.Index == b);
            var bestTrial = trials[at] = trials[at] with { Best = true };
            for (int i = 0; i < trials.Count; i++)
                if (i != at)
                    trials[i] = trials[i] with { AgainstBest = Significance.Compare(trials[i].Folds, bestTrial.Folds, b, def.CrossValidation.K) };
        }

        double? wall = results.Finished is DateTimeOffset end ? (end - results.Created).TotalSeconds : null;
        var provenance = new ProvenanceReport(CrossfoldVersion, results.SourceName, results.SourceHash, def.Seed,
            CounterRandom.Derive(def.Seed, "noise"), CounterRandom.Derive(def.Seed, "folds"), results.Created, results.Finished, wall);
        var dataset = new DatasetReport(def.Dataset.ToString(), results.Dataset.Fingerprint, results.Dataset.Count,
            results.Dataset.Height, results.Dataset.Width, results.Dataset.Classes, results.Dataset.TestCount, def.Dataset.Classes);
        return new SweepReport(results.SweepId, def.Name, results.State.ToString().ToLowerInvariant(), provenance, dataset,
            def.CrossValidation.ToString(), trials, best, Refit(results),
            Robustness.Of(trials.Select(t => (t, results.Trials[t.Index].Noise))));
    }

    /// <summary>The trial with the highest mean accuracy (lower mean loss breaks ties); null if none has a fold.</summary>
    public static int? Best(IReadOnlyList<TrialReport> trials) =>
        BestTrial.Pick(trials.Select(t => (t.Index, t.Accuracy?.Mean, t.Loss?.Mean)));

    static RefitReport? Refit(SweepResults results)
    {
        if (results.Refit is not { } job) return null;
        var trial = results.Trials[job.TrialIndex];
        var o = job.Outcome;
        return new RefitReport(job.TrialIndex, trial.Label, o?.Epochs.Length ?? 0, o?.TrainCount ?? 0, o?.ValidationCount ?? 0,
            o?.Validation.Accuracy, o?.Validation.Loss, o?.Validation.Confusion ?? Array.Empty<int>(), o?.Seconds ?? 0,
            o?.Node ?? "", o?.Device ?? "", job.Attempts, o is null ? job.Error ?? "not finished" : null);
    }

    static FoldReport Fold(ulong sweepSeed, JobRecord job, FoldOutcome o) => new(job.JobId, job.Repeat, job.Fold,
        // The same derivation as SweepPlan's, so the report names the seed the worker trained with.
        CounterRandom.Derive(sweepSeed, "train", (ulong)job.Repeat, (ulong)job.Fold),
        o.Validation.Accuracy, o.Validation.Loss, o.BestEpoch, o.Epochs.Length, o.TrainCount, o.ValidationCount,
        o.Seconds, o.Node, o.Device, o.Threads, job.Attempts, o.Epochs, o.Validation.Confusion);
}
