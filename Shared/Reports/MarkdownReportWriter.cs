using Crossfold.Core.Data;
using System.Text;
using Crossfold.Core.Search;
using Crossfold.Reports.Plots;

namespace Crossfold.Reports;

/// <summary>
/// Writes report.md: the tables a person reads, with provenance, the comparison with the best trial,
/// links to the plot files written beside it, the best trial's most confident mistakes, and per trial its classes, confusion matrix, folds and
/// mean learning curve.
/// </summary>
public static class MarkdownReportWriter
{
    public static string Write(SweepReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Crossfold report: {report.Name}").AppendLine();
        var p = report.Provenance;
        md.AppendLine($"- Sweep `{report.SweepId}` ({report.State}), {report.CrossValidation}");
        md.AppendLine($"- Seed {p.Seed} ({p.NoiseSeedText}, fold seed {p.FoldSeed}; each fold's training seed is in its table)");
        md.AppendLine($"- Dataset: {report.Dataset.Source}, {ReportFormat.Count(report.Dataset.Images)} images {report.Dataset.ImageSize()}, {report.Dataset.Classes} classes, fingerprint `{report.Dataset.Fingerprint}`");
        md.AppendLine($"- Sweep file: `{p.SweepFile}` (sha256 `{p.SweepFileSha256}`), Crossfold {p.CrossfoldVersion}");
        md.AppendLine($"- Started {p.Created:u}{(p.Finished is { } f ? $", finished {f:u} ({ReportFormat.Duration(p.WallSeconds ?? 0)})" : "")}");
        md.AppendLine();
        md.AppendLine("Accuracy is the mean over folds ± the population standard deviation (NumPy's default, as the seed notebook reported); "
            + "the sample standard deviation and the corrected 95 % confidence interval of the mean (two-sided, Student t with Nadeau and Bengio's correction) follow.").AppendLine();
        md.AppendLine(ReportText.SignificanceNote(report)).AppendLine();

        md.AppendLine("| | Trial | Parameters | Folds | Accuracy (mean ± std) | Sample std | 95 % CI (corrected) | Loss (mean ± std) | Δ vs best | Significance |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var t in ReportText.Ranked(report))
        {
            string folds = $"{t.Folds.Count}{(t.FailedFolds.Count > 0 ? $" ({t.FailedFolds.Count} failed)" : "")}" +
                (ReportText.Elimination(report, t) is { } eliminated ? $" ({eliminated})" : "");
            if (t.Accuracy is null || t.Loss is null)
            {
                md.AppendLine($"| | {Escape(t.Label)} | {ReportFormat.Count(t.Parameters)} | {folds} | – | – | – | – | – | {ReportFormat.Comparison(t)} |");
                continue;
            }
            md.AppendLine($"| {(t.Best ? "**best**" : "")} | {Escape(t.Label)} | {ReportFormat.Count(t.Parameters)} | {folds} | " +
                $"{ReportFormat.MeanStd(t.Accuracy)} | {ReportFormat.Percent(t.Accuracy.SampleStd)} | {ReportText.Interval(t.Accuracy)} | " +
                $"{ReportFormat.Loss(t.Loss.Mean)} ± {ReportFormat.Loss(t.Loss.PopulationStd)} | {ReportText.Difference(t)} | {ReportFormat.Comparison(t)} |");
        }
        md.AppendLine();
        if (report.SelectionCaution is { } caution) md.AppendLine($"**Caution:** {caution}").AppendLine();
        foreach (var mixed in report.Trials.Where(t => t.NotBitComparable is not null)) md.AppendLine($"**{BitComparability.Warning(mixed)}**").AppendLine();

        Robustness(md, report);
        CrossNoise(md, report);
        if (report.Racing is { } racing) Racing(md, report, racing);
        if (report.Nested is { } nested) Nested(md, nested);

        if (report.Refit is { } refit)
            md.AppendLine("## Final model").AppendLine().AppendLine(ReportText.Refit(refit)).AppendLine();

        var plots = ReportPlots.Planned(report);
        if (plots.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var plot in plots)
                md.AppendLine($"![{plot.Title}]({plot.FileName})").AppendLine().AppendLine($"*{plot.Caption}*").AppendLine();
        }

        if (report.ErrorGallery is { } gallery) Gallery(md, gallery, report.Dataset.ClassNames);

        var machines = ReportText.Machines(report);
        if (machines.Count > 0)
        {
            md.AppendLine("## Where the folds ran").AppendLine();
            md.AppendLine("| Node | Device | Folds | Training time |");
            md.AppendLine("|---|---|---:|---:|");
            foreach (var m in machines)
                md.AppendLine($"| {Escape(m.Node)} | {Escape(m.Device)} | {m.Folds} | {ReportFormat.Duration(m.Seconds)} |");
            md.AppendLine();
        }

        foreach (var t in report.Trials)
            Trial(md, t, report.Dataset.ClassNames);
        return md.ToString();
    }

    static void Gallery(StringBuilder md, ErrorGallery g, IReadOnlyList<string>? names)
    {
        if (g.Mistakes.Count == 0) return;
        md.AppendLine("## Error gallery").AppendLine();
        md.AppendLine(ReportText.GalleryNote(g) + " report.html shows them as images.").AppendLine();
        md.AppendLine("| Index | Repeat | Fold | True | Predicted | Probability |");
        md.AppendLine("|---:|---:|---:|---|---|---:|");
        foreach (var e in g.Mistakes)
            md.AppendLine($"| {e.Index} | {e.Repeat + 1} | {e.Fold + 1} | {Escape(ClassNames.Of(names, e.TrueClass))} | {Escape(ClassNames.Of(names, e.PredictedClass))} | {ReportFormat.Probability(e.Probability)} |");
        md.AppendLine();
    }

    static void Robustness(StringBuilder md, SweepReport report)
    {
        var tables = ReportText.RobustnessTables(report);
        if (tables.Count == 0) return;
        md.AppendLine("## Robustness to noise").AppendLine();
        foreach (var table in tables)
        {
            md.AppendLine(ReportText.RobustnessNote(table)).AppendLine();
            md.AppendLine("| Model | " + string.Join(" | ", table.Levels.Select(l => ReportText.Level(table.Parameter, l))) + " |");
            md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", table.Levels.Count)));
            foreach (var curve in table.Curves)
                md.AppendLine($"| {Escape(curve.Model)} | " + string.Join(" | ", table.Levels.Select(l => ReportText.RobustnessCell(curve, l))) + " |");
            md.AppendLine();
        }
    }

    static void CrossNoise(StringBuilder md, SweepReport report)
    {
        if (report.CrossNoise is not { Count: > 0 } matrices) return;
        md.AppendLine("## Cross-noise evaluation").AppendLine();
        foreach (var matrix in matrices)
        {
            md.AppendLine($"### {Escape(matrix.Model)}").AppendLine().AppendLine(ReportText.CrossNoiseNote(matrix)).AppendLine();
            md.AppendLine($"| {ReportText.CrossNoiseCorner} | " + string.Join(" | ", matrix.TestNoise.Select(Escape)) + " |");
            md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", matrix.TestNoise.Count)));
            foreach (var row in matrix.Rows)
                md.AppendLine($"| {Escape(row.TrainNoise)} | " + string.Join(" | ", row.Cells.Select(ReportText.CrossNoiseCell)) + " |");
            md.AppendLine();
        }
    }

    static void Racing(StringBuilder md, SweepReport report, RacingSummary racing)
    {
        md.AppendLine("## Racing").AppendLine();
        md.AppendLine(ReportText.RacingNote(racing)).AppendLine();
        if (racing.Eliminated.Count == 0)
        {
            md.AppendLine(ReportText.NoneEliminated).AppendLine();
            return;
        }
        md.AppendLine("| " + string.Join(" | ", ReportText.RacingColumns) + " |");
        md.AppendLine("|---|---:|---:|---|---:|");
        foreach (var e in racing.Eliminated)
            md.AppendLine("| " + string.Join(" | ", ReportText.RacingRow(report, e).Select(Escape)) + " |");
        md.AppendLine();
    }

    static void Nested(StringBuilder md, NestedReport nested)
    {
        md.AppendLine("## Nested cross-validation").AppendLine();
        md.AppendLine(NestedText.Note(nested)).AppendLine();
        bool repeats = nested.OuterFolds.Any(f => f.Repeat > 0);
        md.AppendLine("| " + string.Join(" | ", NestedText.OuterColumns) + " |");
        md.AppendLine("|---:|---|---:|---:|---:|");
        foreach (var fold in nested.OuterFolds)
            md.AppendLine("| " + string.Join(" | ", NestedText.OuterRow(fold, repeats).Select(Escape)) + " |");
        md.AppendLine().AppendLine("### Inner cross-validation").AppendLine().AppendLine(NestedText.InnerNote).AppendLine();
        var columns = NestedText.InnerColumns(nested);
        md.AppendLine("| " + string.Join(" | ", columns) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", columns.Count - 1)));
        foreach (var row in nested.InnerTable)
            md.AppendLine("| " + string.Join(" | ", NestedText.InnerRow(nested, row).Select(Escape)) + " |");
        md.AppendLine();
    }

    static void Trial(StringBuilder md, TrialReport t, IReadOnlyList<string>? names)
    {
        md.AppendLine($"## Trial {t.Index}: {Escape(t.Label)}{(t.Best ? " (best)" : "")}").AppendLine();
        md.AppendLine($"- Architecture `{t.Architecture}`: {t.Layers} ({ReportText.Parameters(t)})");
        md.AppendLine($"- Training: {ReportText.Training(t.Training)}");
        if (t.AgainstBest is { } s)
            md.AppendLine($"- Against the best trial ({s.PairedFolds} paired folds): {ReportText.ComparisonDetail(s)}");
        md.AppendLine();

        if (t.ClassMetrics is { } classes)
        {
            md.AppendLine("### Per class").AppendLine();
            md.AppendLine($"From the confusion matrix summed over the {t.Folds.Count} finished folds ({ReportFormat.Count(classes.Total)} validation images; pooled accuracy {ReportFormat.Percent(classes.Accuracy)}).").AppendLine();
            md.AppendLine("| Class | Precision | Recall | F1 | Support |");
            md.AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var c in classes.Classes)
                md.AppendLine($"| {Escape(ClassNames.Of(names, c.Class))} | {ReportFormat.Fraction(c.Precision)} | {ReportFormat.Fraction(c.Recall)} | {ReportFormat.Fraction(c.F1)} | {ReportFormat.Count(c.Support)} |");
            md.AppendLine($"| macro average | {ReportFormat.Fraction(classes.MacroPrecision)} | {ReportFormat.Fraction(classes.MacroRecall)} | {ReportFormat.Fraction(classes.MacroF1)} | {ReportFormat.Count(classes.Total)} |");
            md.AppendLine();

            int n = classes.Classes.Count;
            md.AppendLine("### Confusion matrix").AppendLine();
            md.AppendLine("Rows: true class; columns: predicted class; summed over folds.").AppendLine();
            md.AppendLine("| true \\ predicted | " + string.Join(" | ", Enumerable.Range(0, n).Select(c => Escape(ClassNames.Of(names, c)))) + " |");
            md.AppendLine("|---:|" + string.Concat(Enumerable.Repeat("---:|", n)));
            for (int actual = 0; actual < n; actual++)
                md.AppendLine($"| **{Escape(ClassNames.Of(names, actual))}** | " + string.Join(" | ", Enumerable.Range(0, n).Select(predicted =>
                {
                    int count = t.Confusion[actual * n + predicted];
                    return actual == predicted ? $"**{count}**" : count.ToString();
                })) + " |");
            md.AppendLine();
        }

        md.AppendLine("### Folds").AppendLine();
        md.AppendLine("| Repeat | Fold | Accuracy | Loss | Best epoch | Epochs | Time | Node | Device | Attempts | Training seed |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|");
        foreach (var fold in t.Folds)
            md.AppendLine($"| {fold.Repeat + 1} | {fold.Fold + 1} | {ReportFormat.Percent(fold.Accuracy)} | {ReportFormat.Loss(fold.Loss)} | {fold.BestEpoch} | {fold.EpochsRun} | " +
                $"{ReportFormat.Duration(fold.Seconds)} | {Escape(fold.Node)} | {Escape(ReportText.Device(fold))} | {fold.Attempts} | {fold.TrainSeed} |");
        foreach (var failed in t.FailedFolds)
            md.AppendLine($"| {failed.Repeat + 1} | {failed.Fold + 1} | failed | | | | | | {Escape(failed.Error)} | {failed.Attempts} | |");
        md.AppendLine();

        if (t.LearningCurve.Count > 0)
        {
            md.AppendLine("### Mean learning curve").AppendLine();
            md.AppendLine(ReportText.LearningCurveNote(t)).AppendLine();
            md.AppendLine("| Epoch | Folds | Train loss | Train accuracy | Validation loss | Validation accuracy | Test loss | Test accuracy |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var e in t.LearningCurve)
                md.AppendLine($"| {e.Epoch} | {e.Folds} | {ReportFormat.Loss(e.TrainLoss)} | {ReportFormat.Percent(e.TrainAccuracy)} | " +
                    $"{ReportFormat.Loss(e.ValidationLoss)} | {ReportFormat.Percent(e.ValidationAccuracy)} | {ReportFormat.Loss(e.TestLoss)} | {ReportFormat.Percent(e.TestAccuracy)} |");
            md.AppendLine();
        }
    }

    static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
