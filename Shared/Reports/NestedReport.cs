using Crossfold.Core.Results;
using Crossfold.Core.Statistics;
using Crossfold.Core.Sweeps;

namespace Crossfold.Reports;

/// <summary>
/// A nested sweep's section of the report (<c>folds.inner_k</c>): the nested estimate of "cross-validate every trial and
/// keep the best", which outer fold chose which trial, the inner cross-validation table it chose by, and how far the best
/// trial's own cross-validation mean lies above the nested estimate (the optimism of choosing on the scoring folds).
/// </summary>
/// <param name="InnerK">Inner folds per outer fold.</param>
/// <param name="NestedAccuracy">The outer folds' scores of their chosen trials: mean, standard deviations, corrected and naive 95 % intervals; null while none is scored.</param>
/// <param name="OuterFolds">Every outer fold's choice, repeat by repeat.</param>
/// <param name="InnerTable">Every trial's mean inner accuracy in each outer fold: what chose.</param>
/// <param name="PlainBestAccuracy">The best trial's own cross-validation mean accuracy (the main table's), for comparison.</param>
/// <param name="NestedOptimism">PlainBestAccuracy minus the nested mean: how optimistic the plain figure is here (may be negative by chance).</param>
public sealed record NestedReport(
    int InnerK,
    Summary? NestedAccuracy,
    IReadOnlyList<NestedOuterFold> OuterFolds,
    IReadOnlyList<NestedInnerRow> InnerTable,
    double? PlainBestAccuracy,
    double? NestedOptimism);

/// <summary>One outer fold: the trial its inner folds chose (null while undecided), among how many, and that trial's score on the outer test part.</summary>
public sealed record NestedOuterFold(int Repeat, int Fold, int? ChosenTrial, string? ChosenLabel, double? InnerAccuracy, int Competed, int Trials,
    double? OuterAccuracy, double? OuterLoss);

/// <summary>One trial's mean inner accuracy per outer fold (null where an inner fold is missing), in <see cref="NestedReport.OuterFolds"/> order, and how often it was chosen.</summary>
public sealed record NestedInnerRow(int Trial, string Label, IReadOnlyList<double?> InnerAccuracy, int TimesChosen);

/// <summary>Builds a nested sweep's <see cref="NestedReport"/> from its results.</summary>
public static class Nested
{
    /// <summary>The section for a nested sweep, null for any other; <paramref name="best"/> is the main table's best trial.</summary>
    public static NestedReport? Of(SweepResults results, IReadOnlyList<TrialReport> trials, int? best)
    {
        var cv = results.Definition.CrossValidation;
        if (!cv.Nested) return null;
        var inner = results.InnerJobs ?? [];
        var estimate = NestedEstimate.Of(results.Trials.Length, cv, results.Jobs, inner);
        var outer = estimate.Folds.Select(f => new NestedOuterFold(f.Repeat, f.Fold, f.Winner, f.Winner is int w ? results.Trials[w].Label : null,
            f.InnerAccuracy, f.Competed, estimate.Trials, f.Accuracy, f.Loss)).ToList();
        var innerMeans = NestedEstimate.InnerMeans(cv, inner);
        var table = results.Trials.Select(t => new NestedInnerRow(t.Index, t.Label,
                estimate.Folds.Select(f => innerMeans.TryGetValue((t.Index, f.Repeat, f.Fold), out var m) ? m.Accuracy : (double?)null).ToList(),
                estimate.Folds.Count(f => f.Winner == t.Index)))
            .ToList();
        double? plain = best is int b ? trials.FirstOrDefault(t => t.Index == b)?.Accuracy?.Mean : null;
        return new NestedReport(cv.InnerK, estimate.Accuracy, outer, table, plain,
            plain is double p && estimate.Accuracy is { } a ? p - a.Mean : null);
    }
}
