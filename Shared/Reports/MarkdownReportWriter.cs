using System.Text;

namespace Crossfold.Shared.Reports;

/// <summary>Writes report.md: the table a person reads, with provenance and per-fold details.</summary>
public static class MarkdownReportWriter
{
    public static string Write(SweepReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Crossfold report: {report.Name}").AppendLine();
        var p = report.Provenance;
        md.AppendLine($"- Sweep `{report.SweepId}` ({report.State}), {report.CrossValidation}, seed {p.Seed}");
        md.AppendLine($"- Dataset: {report.Dataset.Source}, {report.Dataset.Images:N0} images {report.Dataset.Height}x{report.Dataset.Width}, fingerprint `{report.Dataset.Fingerprint}`");
        md.AppendLine($"- Sweep file: `{p.SweepFile}` (sha256 `{p.SweepFileSha256}`), Crossfold {p.CrossfoldVersion}");
        md.AppendLine($"- Started {p.Created:u}{(p.Finished is { } f ? $", finished {f:u} ({ReportFormat.Duration(p.WallSeconds ?? 0)})" : "")}");
        md.AppendLine();
        md.AppendLine("Accuracy is the mean over folds ± the population standard deviation (NumPy's default, as the seed notebook reported); "
            + "the sample standard deviation and the 95 % confidence interval of the mean (Student t) follow.").AppendLine();

        md.AppendLine("| | Trial | Parameters | Folds | Accuracy (mean ± std) | Sample std | 95 % CI | Loss (mean ± std) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in report.Trials.OrderBy(t => t.Accuracy is null).ThenByDescending(t => t.Accuracy?.Mean ?? 0).ThenBy(t => t.Index))
        {
            string folds = $"{t.Folds.Count}{(t.FailedFolds.Count > 0 ? $" ({t.FailedFolds.Count} failed)" : "")}";
            if (t.Accuracy is null || t.Loss is null)
            {
                md.AppendLine($"| | {Escape(t.Label)} | {ReportFormat.Count(t.Parameters)} | {folds} | – | – | – | – |");
                continue;
            }
            string ci = double.IsNaN(t.Accuracy.ConfidenceLow) ? "–" : $"{ReportFormat.Percent(t.Accuracy.ConfidenceLow)} – {ReportFormat.Percent(t.Accuracy.ConfidenceHigh)}";
            md.AppendLine($"| {(t.Best ? "**best**" : "")} | {Escape(t.Label)} | {ReportFormat.Count(t.Parameters)} | {folds} | " +
                $"{ReportFormat.MeanStd(t.Accuracy)} | {ReportFormat.Percent(t.Accuracy.SampleStd)} | {ci} | " +
                $"{ReportFormat.Loss(t.Loss.Mean)} ± {ReportFormat.Loss(t.Loss.PopulationStd)} |");
        }
        md.AppendLine();

        foreach (var t in report.Trials)
        {
            md.AppendLine($"## Trial {t.Index}: {Escape(t.Label)}{(t.Best ? " (best)" : "")}").AppendLine();
            md.AppendLine($"- Architecture `{t.Architecture}`: {t.Layers} ({ReportFormat.Count(t.Parameters)} parameters)");
            var s = t.Training;
            md.AppendLine($"- Training: {s.Epochs} epochs, batch {s.BatchSize}, {Training.TrainingSettings.OptimizerName(s.Optimizer)} lr {s.LearningRate}" +
                $"{(s.WeightDecay > 0 ? $", weight decay {s.WeightDecay}" : "")}" +
                $"{(s.EarlyStoppingPatience > 0 ? $", early stopping patience {s.EarlyStoppingPatience}{(s.RestoreBestWeights ? " (best weights restored)" : "")}" : "")}" +
                $"{(s.AugmentShift > 0 ? $", shifts up to {s.AugmentShift} px" : "")}");
            md.AppendLine();
            md.AppendLine("| Repeat | Fold | Accuracy | Loss | Best epoch | Epochs | Time | Node | Device |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---|---|");
            foreach (var fold in t.Folds)
                md.AppendLine($"| {fold.Repeat + 1} | {fold.Fold + 1} | {ReportFormat.Percent(fold.Accuracy)} | {ReportFormat.Loss(fold.Loss)} | {fold.BestEpoch} | {fold.EpochsRun} | " +
                    $"{ReportFormat.Duration(fold.Seconds)} | {Escape(fold.Node)} | {fold.Device}{(fold.Threads > 0 ? $" ({fold.Threads} thr)" : "")} |");
            foreach (var failed in t.FailedFolds)
                md.AppendLine($"| {failed.Repeat + 1} | {failed.Fold + 1} | failed | | | | | | {Escape(failed.Error)} |");
            md.AppendLine();
        }
        return md.ToString();
    }

    static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
