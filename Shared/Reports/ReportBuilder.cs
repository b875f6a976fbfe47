using Crossfold.Core.Architectures;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core.Statistics;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;

namespace Crossfold.Reports;

/// <summary>
/// Turns a sweep's raw results into its report: statistics, per-class metrics and the mean learning
/// curve per trial, the best trial marked, every other trial tested against it (raw and Holm-adjusted
/// p-values), the best trial's error gallery from what its folds carried, and a caution when so many trials compete
/// that the best one's mean is optimistic.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The version written into every report.</summary>
    public static string CrossfoldVersion =>
        typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static SweepReport Build(SweepResults results)
    {
        var def = results.Definition;
        double testTrainRatio = CorrectedResampledTTest.KFoldTestTrainRatio(def.CrossValidation.K);
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
            var shape = ShapeInference.Infer(trial.Architecture, results.Dataset.Channels, results.Dataset.Height, results.Dataset.Width, classes);
            return new TrialReport(trial.Index, trial.Label, trial.Architecture.Name, trial.Architecture.Describe(), shape.TotalParameters, shape.TrainableParameters,
                trial.Noise.ToString(), trial.Hyperparameters, trial.Training, folds, failed, unfinished,
                folds.Count > 0 ? Summary.Of(folds.Select(f => f.Accuracy).ToList(), testTrainRatio) : null,
                folds.Count > 0 ? Summary.Of(folds.Select(f => f.Loss).ToList(), testTrainRatio) : null,
                confusion, false, ClassMetrics.Compute(confusion, classes),
                LearningCurves.Mean(folds.Select(f => f.History)), null, BitComparability.Mixed(folds));
        }).ToList();

        var racing = RacingSummary.Of(results);
        int? best = Best(trials, racing);
        if (best is int b)
        {
            int at = trials.FindIndex(t => t.Index == b);
            var bestTrial = trials[at] = trials[at] with { Best = true };
            var others = Enumerable.Range(0, trials.Count).Where(i => i != at).ToList();
            var comparisons = Significance.AdjustForMultipleComparisons(
                others.Select(i => Significance.Compare(trials[i].Folds, bestTrial.Folds, b, def.CrossValidation.K)).ToList());
            for (int n = 0; n < others.Count; n++)
                trials[others[n]] = trials[others[n]] with { AgainstBest = comparisons[n] };
        }

        double? wall = results.Finished is DateTimeOffset end ? (end - results.Created).TotalSeconds : null;
        var provenance = new ProvenanceReport(CrossfoldVersion, results.SourceName, results.SourceHash, def.Seed,
            SweepSeeds.Noise(def.Seed), SweepSeeds.Folds(def.Seed), results.Created, results.Finished, wall,
            def.NoiseRedraw == NoiseRedraw.PerRepeat
                ? Enumerable.Range(0, def.CrossValidation.Repeats).Select(r => SweepSeeds.Noise(def.Seed, def.NoiseRedraw, r)).ToArray()
                : null,
            EvaluationNoiseSeeds(def));
        var dataset = new DatasetReport(def.Dataset.ToString(), results.Dataset.Fingerprint, results.Dataset.Count,
            results.Dataset.Height, results.Dataset.Width, results.Dataset.Classes, results.Dataset.TestCount, def.Dataset.Classes, results.Dataset.Channels);
        return new SweepReport(results.SweepId, def.Name, results.State.ToString().ToLowerInvariant(), provenance, dataset,
            def.CrossValidation.ToString(), trials, best, Refit(results),
            Robustness.Of(trials.Select(t => (t, results.Trials[t.Index].Noise))), racing, SelectionCaution(trials, def.CrossValidation.Nested),
            SearchHistory.Of(def.Search, trials, racing), ErrorGalleries.Of(results, best),
            CrossNoise.Of(trials, (def.EvaluationNoise ?? []).Select(n => n.ToString()).ToList(), testTrainRatio),
            Nested.Of(results, trials, best));
    }

    /// <summary>
    /// The trial with the highest mean accuracy (lower mean loss breaks ties) that <paramref name="racing"/> did not
    /// eliminate; null if none has a fold. An eliminated trial's mean is over its first few folds only, and it lost
    /// to the leader on exactly those, so it never wins (as the scheduler never refits it).
    /// </summary>
    public static int? Best(IReadOnlyList<TrialReport> trials, RacingSummary? racing = null) =>
        BestTrial.Pick(trials.Where(t => racing?.IsEliminated(t.Index) != true).Select(t => (t.Index, t.Accuracy?.Mean, t.Loss?.Mean)));

    /// <summary>How many trials with results make the best one's mean noticeably optimistic: more than this many.</summary>
    public const int FewTrials = 3;

    /// <summary>
    /// The warning printed under the main table when more than <see cref="FewTrials"/> trials compete: the
    /// best of many cross-validation means is biased upwards (the winner's curse); null otherwise. It points at the
    /// nested estimate when the sweep is <paramref name="nested"/>, and at nested cross-validation otherwise.
    /// </summary>
    public static string? SelectionCaution(IReadOnlyList<TrialReport> trials, bool nested = false)
    {
        int competing = trials.Count(t => t.Accuracy is not null);
        return competing <= FewTrials ? null
            : $"{competing} trials compete, so the best trial's mean accuracy is optimistic (it was chosen because it scored highest on these very folds); " +
              (nested
                  ? "the nested estimate below scores the choosing itself on folds that took no part in it."
                  : "for an unbiased figure, run nested cross-validation (folds: {k: 5, inner_k: 3}), or score the chosen trial on images that took no part in choosing it (refit: true and its held-out test split).");
    }

    /// <summary>The seeds SweepPlan gave the evaluation noises: repeat 0's, or every repeat's when they are drawn per repeat; null without evaluate.</summary>
    static IReadOnlyList<EvaluationNoiseSeed>? EvaluationNoiseSeeds(SweepDefinition def) => def.EvaluationNoise is { Length: > 0 }
        ? Enumerable.Range(0, def.EvaluationRedraw == NoiseRedraw.PerRepeat ? def.CrossValidation.Repeats : 1)
            .SelectMany(repeat => SweepPlan.CrossNoise(def, repeat)!.Select(c => new EvaluationNoiseSeed(c.Noise.ToString(), repeat, c.Seed)))
            .ToList()
        : null;

    static RefitReport? Refit(SweepResults results)
    {
        if (results.Refit is not { } job) return null;
        var trial = results.Trials[job.TrialIndex];
        var o = job.Outcome;
        return new RefitReport(job.TrialIndex, trial.Label, o?.Epochs.Length ?? 0, o?.TrainCount ?? 0, o?.TestCount ?? 0,
            o?.Test.Accuracy, o?.Test.Loss, o?.Test.Confusion ?? Array.Empty<int>(), o?.Seconds ?? 0,
            o?.Node ?? "", o?.Device ?? "", job.Attempts, o is null ? job.Error ?? "not finished" : null);
    }

    static FoldReport Fold(ulong sweepSeed, JobRecord job, FoldOutcome o) => new(job.JobId, job.Repeat, job.Fold,
        // SweepPlan's seed, so the report names the seed the worker trained with.
        SweepSeeds.Train(sweepSeed, job.Repeat, job.Fold),
        o.Test.Accuracy, o.Test.Loss, o.BestEpoch, o.Epochs.Length, o.TrainCount, o.ValidationCount, o.TestCount,
        o.Seconds, o.Node, o.Device, o.Threads, job.Attempts, o.Epochs, o.Test.Confusion, o.CpuIsa,
        o.CrossNoise?.Select(s => new CrossNoiseFold(s.Noise.ToString(), s.Accuracy, s.Loss)).ToList());
}
