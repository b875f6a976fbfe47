using Crossfold.Core.Data;
using Crossfold.Core.Search;
using Crossfold.Core.Statistics;
using Crossfold.Core.Training;

namespace Crossfold.Reports;

/// <summary>Phrases and orderings the Markdown and HTML reports share, so both say the same thing the same way.</summary>
public static class ReportText
{
    /// <summary>
    /// The order of every main table: the best trial, then by mean accuracy, trials racing eliminated after those that
    /// survived (their mean covers only the folds they ran, so it does not rank them among complete trials), then trials
    /// without a finished fold.
    /// </summary>
    public static IReadOnlyList<TrialReport> Ranked(SweepReport report) => report.Trials
        .OrderBy(t => t.Accuracy is null).ThenBy(t => report.Racing?.IsEliminated(t.Index) == true)
        .ThenByDescending(t => t.Best).ThenByDescending(t => t.Accuracy?.Mean ?? 0).ThenBy(t => t.Index)
        .ToList();

    /// <summary>
    /// A trial's folds as "done/planned", e.g. "4/5" after an interrupted run, "0/5" for a trial that never
    /// ran, with " (1 failed)" when some failed for good: the denominator counts every fold the sweep planned.
    /// </summary>
    public static string Folds(TrialReport t) =>
        $"{t.Folds.Count}/{t.Folds.Count + t.FailedFolds.Count + t.Unfinished.Count}{(t.FailedFolds.Count > 0 ? $" ({t.FailedFolds.Count} failed)" : "")}";

    /// <summary>
    /// How folds.csv names a fold of <paramref name="trial"/> that neither finished nor failed: "eliminated" when racing
    /// dropped the trial, "cancelled" in a cancelled sweep, "not run (time budget)" in one that ran out of its
    /// search.max_hours, else "pending".
    /// </summary>
    public static string Unfinished(SweepReport report, TrialReport trial) =>
        report.Racing?.IsEliminated(trial.Index) == true ? "eliminated"
        : report.State switch
        {
            "cancelled" => "cancelled",
            "expired" => "not run (time budget)",
            _ => "pending",
        };

    /// <summary>The Racing section's opening sentence: folds and fold-epochs run, saved against the full grid, and wasted.</summary>
    public static string RacingNote(RacingSummary racing) =>
        $"{racing.FoldsRun} of {racing.FoldsPlanned} folds ran: {ReportFormat.Count(racing.FoldEpochsRun)} fold-epochs against at most {ReportFormat.Count(racing.FoldEpochsFullGrid)} for the full grid " +
        $"({ReportFormat.Count(racing.FoldEpochsSaved)} saved{(racing.FoldEpochsWasted > 0 ? $"; {ReportFormat.Count(racing.FoldEpochsWasted)} spent on folds of eliminated trials that had started before the decision" : "")}).";

    /// <summary>
    /// What the main tables add to an eliminated trial's fold count, "eliminated after fold 3", so its mean reads as
    /// that of its first folds only; null for a trial racing did not drop.
    /// </summary>
    public static string? Elimination(SweepReport report, TrialReport trial) =>
        report.Racing?.Eliminated.FirstOrDefault(e => e.Trial == trial.Index) is { } e ? $"eliminated after fold {e.Round}" : null;

    /// <summary>What the Racing section says when no trial was eliminated.</summary>
    public const string NoneEliminated = "No trial was eliminated.";

    /// <summary>One eliminated trial as a Racing table's cells, in column order (see <see cref="RacingColumns"/>).</summary>
    public static IReadOnlyList<string> RacingRow(SweepReport report, EliminatedTrial e) =>
        [Label(report, e.Trial), e.Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
         e.AdjustedP.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), Label(report, e.Leader),
         e.FoldsRun.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>The Racing table's column headings.</summary>
    public static IReadOnlyList<string> RacingColumns { get; } = ["Trial", "Eliminated after fold", "Adjusted p", "Leader then", "Folds run"];

    /// <summary>The label of trial <paramref name="index"/>.</summary>
    public static string Label(SweepReport report, int index) => report.Trials.First(t => t.Index == index).Label;

    public static string SignificanceNote(SweepReport report)
    {
        string ratio = report.Trials.Select(t => t.AgainstBest?.TestTrainRatio).FirstOrDefault(r => r is not null) is double r
            ? $" (n_test/n_train = 1/(k-1) = {r.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)})"
            : " (n_test/n_train = 1/(k-1))";
        return "Each trial is compared with the best one by the corrected resampled t-test for cross-validation (Nadeau & Bengio, 2003)" +
            ratio + ", on the test-fold accuracy of the folds both finished, paired by repeat and fold; " +
            "p-values are two-sided (the alternative: the means differ), shown raw and Holm-adjusted over the comparisons with the best; " +
            $"Δ is the mean difference over those folds in percentage points, significant means Holm-adjusted p < {Significance.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}. " +
            "Fewer than two shared folds leave nothing to test. " +
            "The 95 % CI is Nadeau and Bengio's corrected interval, mean ± t(0.975, n-1) · sqrt((1/n + n_test/n_train) · s²), " +
            "wider than the naive t-interval (kept in report.json as naive) because the folds' training sets overlap.";
    }

    /// <summary>One sentence on the final model: what it is and how it did on the held-out images.</summary>
    public static string Refit(RefitReport r) => r.TestAccuracy is double accuracy
        ? $"{r.Label} trained on all {ReportFormat.Count(r.TrainImages)} training images for {r.Epochs} epochs, then tested on the " +
          $"{ReportFormat.Count(r.TestImages)} held-out images: accuracy {ReportFormat.Percent(accuracy)}, loss {ReportFormat.Loss(r.TestLoss ?? double.NaN)} " +
          $"({ReportFormat.Duration(r.Seconds)} on {r.Node} {r.Device}). Its weights are in model.crossfold."
        : $"{r.Label} could not be refit on all training images: {r.Error}";

    /// <summary>The corrected 95 % interval, "97.10 % – 98.30 %", or "–" for a single fold.</summary>
    public static string Interval(Summary s) =>
        double.IsNaN(s.CorrectedLow) ? "–" : $"{ReportFormat.Percent(s.CorrectedLow)} – {ReportFormat.Percent(s.CorrectedHigh)}";

    /// <summary>Δ to the best in percentage points, or "–" for the best itself and where nothing could be compared.</summary>
    public static string Difference(TrialReport t) =>
        t.AgainstBest is { MeanDifference: double d } ? ReportFormat.Points(d) : "–";

    public static string ComparisonDetail(SignificanceReport s) => s.Verdict == SignificanceVerdict.NotEnoughFolds
        ? $"not enough folds (the test needs at least 2 folds finished by both trials, {s.PairedFolds} are)"
        : $"Δ {ReportFormat.Points(s.MeanDifference ?? double.NaN)}, t = {ReportFormat.T(s.T ?? double.NaN)}, df = {s.DegreesOfFreedom}, " +
          $"{ReportFormat.P(s.PValue ?? double.NaN)} two-sided, Holm-adjusted {ReportFormat.PValue(s.HolmPValue ?? double.NaN)}: {Significance.Describe(s.Verdict)}";

    public static string Training(TrainingSettings s) =>
        $"{s.Epochs} epochs, batch {s.BatchSize}, {TrainingSettings.OptimizerName(s.Optimizer)} lr {Number(s.LearningRate)}" +
        $"{(s.WeightDecay > 0 ? $", weight decay {Number(s.WeightDecay)}" : "")}" +
        $"{(s.EarlyStoppingPatience > 0 ? $", early stopping patience {s.EarlyStoppingPatience}{(s.RestoreBestWeights ? " (best weights restored)" : "")}" : "")}" +
        $"{(s.ValidationFraction > 0 ? $", {Number(Math.Round(s.ValidationFraction * 100, 6))} % of the training part held out as validation split" : "")}" +
        $"{(s.AugmentShift > 0 ? $", shifts up to {s.AugmentShift} px" : "")}";

    /// <summary>A setting as the sweep file would write it, whatever the machine's culture: "0.001".</summary>
    static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parameter counts as Keras's summary gives them: the total, and when batch norm adds moving statistics, the trainable and non-trainable parts.</summary>
    public static string Parameters(TrialReport t) => t.Parameters == t.TrainableParameters
        ? $"{ReportFormat.Count(t.Parameters)} parameters, all trainable"
        : $"{ReportFormat.Count(t.Parameters)} parameters ({ReportFormat.Count(t.TrainableParameters)} trainable, " +
          $"{ReportFormat.Count(t.Parameters - t.TrainableParameters)} non-trainable batch-norm moving statistics)";

    public static string Device(FoldReport fold) => $"{fold.Device}{(fold.Threads > 0 ? $" ({fold.Threads} thr)" : "")}";

    /// <summary>One machine (node and device) and what it trained for this sweep.</summary>
    public sealed record Machine(string Node, string Device, int Folds, double Seconds);

    /// <summary>Every (node, device) that finished a fold, by node then device.</summary>
    public static IReadOnlyList<Machine> Machines(SweepReport report) => report.Trials
        .SelectMany(t => t.Folds)
        .GroupBy(f => (f.Node, f.Device))
        .OrderBy(g => g.Key.Node, StringComparer.Ordinal).ThenBy(g => g.Key.Device, StringComparer.Ordinal)
        .Select(g => new Machine(g.Key.Node, g.Key.Device, g.Count(), g.Sum(f => f.Seconds)))
        .ToList();

    public static string LearningCurveNote(TrialReport t)
    {
        int folds = t.Folds.Count, longest = t.LearningCurve.Count;
        int shorter = t.Folds.Count(f => f.EpochsRun < longest);
        if (shorter == 0)
            return $"Mean over the {folds} folds, each of which trained {longest} epochs{(longest < t.Training.Epochs ? " (early stopping)" : "")}.";
        return $"Each epoch is the mean over the folds that reached it (the Folds column): early stopping ended {shorter} of {folds} folds " +
            $"before epoch {longest}, so the last epochs average fewer folds.";
    }

    /// <summary>The robustness curves of one noise kind: a table's rows (models) and columns (levels).</summary>
    public sealed record RobustnessTable(string Noise, string Parameter, IReadOnlyList<double> Levels, IReadOnlyList<RobustnessCurve> Curves);

    /// <summary>The report's robustness curves as one table per noise kind, in the curves' order.</summary>
    public static IReadOnlyList<RobustnessTable> RobustnessTables(SweepReport report) => (report.Robustness ?? [])
        .GroupBy(c => (c.Noise, c.Parameter))
        .Select(g => new RobustnessTable(g.Key.Noise, g.Key.Parameter, Robustness.Levels(g), g.ToList()))
        .ToList();

    public static string RobustnessNote(RobustnessTable table) =>
        $"Accuracy (mean ± std over folds) of each model trained and tested with {table.Noise} noise of the {table.Parameter} in each column; " +
        $"{table.Parameter} 0 is clean images. Each cell is one trial of the main table: the curve is read off the sweep, nothing else was trained.";

    /// <summary>A table cell: the curve's accuracy at <paramref name="level"/>, or "–" where the sweep has no such trial.</summary>
    public static string RobustnessCell(RobustnessCurve curve, double level) =>
        curve.Points.FirstOrDefault(p => p.Level == level) is { } point
            ? $"{ReportFormat.Percent(point.Mean)} ± {ReportFormat.Percent(point.Std)}"
            : "–";

    /// <summary>What a cross-noise table shows, for the text above it.</summary>
    public static string CrossNoiseNote(CrossNoiseMatrix matrix) =>
        $"Accuracy (mean ± std over folds) of {matrix.Model} trained with the noise of each row and scored on the same test folds under the noise of each column " +
        "(evaluate.noise; each column's noise drawn once from a seed of its own, shared by every trial and fold). Inference only: the test folds chose nothing.";

    /// <summary>The corner of a cross-noise table: rows are the training noise, columns the evaluation noise.</summary>
    public const string CrossNoiseCorner = "Trained on ↓ / tested on →";

    /// <summary>A cross-noise table cell: "97.10 % ± 0.40 %", or "–" where no fold was scored under that noise.</summary>
    public static string CrossNoiseCell(CrossNoiseCell cell) =>
        cell.Mean is double mean ? $"{ReportFormat.Percent(mean)} ± {ReportFormat.Percent(cell.Std!.Value)}" : "–";

    /// <summary>A noise level as a column heading: "sigma=0.25".</summary>
    public static string Level(string parameter, double level) =>
        $"{parameter}={level.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>What the error gallery's mistakes are, above them in both reports.</summary>
    public static string GalleryNote(ErrorGallery g) =>
        $"The best trial ({g.Label}): its {g.Mistakes.Count} most confident mistakes over all its folds' test parts, most confident first " +
        "(equal ones by dataset index: the image's place among the training images the sweep used).";

    /// <summary>A gallery image's caption: "true 7 → predicted 1, 98.1 %", with class names when the sweep names its classes.</summary>
    public static string GalleryCaption(GalleryEntry e, IReadOnlyList<string>? names) =>
        $"true {ClassNames.Of(names, e.TrueClass)} → predicted {ClassNames.Of(names, e.PredictedClass)}, {ReportFormat.Probability(e.Probability)}";
}
