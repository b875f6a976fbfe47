using Crossfold.Reports;

namespace Crossfold.Cli;

/// <summary>The report's main table as plain text for a terminal: best first, the seed's "mean ± std" format.</summary>
public static class ReportTable
{
    public static void Print(SweepReport report, TextWriter output)
    {
        var rows = report.Trials
            .OrderBy(t => t.Accuracy is null).ThenByDescending(t => t.Accuracy?.Mean ?? 0).ThenBy(t => t.Index)
            .Select(t => new[]
            {
                t.Best ? "*" : "",
                t.Label,
                ReportFormat.Count(t.Parameters),
                ReportText.Folds(t),
                t.Accuracy is null ? "-" : ReportFormat.MeanStd(t.Accuracy),
                t.Accuracy is null ? "-" : ReportText.Interval(t.Accuracy),
                t.Loss is null ? "-" : $"{ReportFormat.Loss(t.Loss.Mean)} ± {ReportFormat.Loss(t.Loss.PopulationStd)}",
            })
            .ToList();
        var header = new[] { "", "trial", "params", "folds", "accuracy (mean ± std)", "95 % CI (corrected)", "loss" };
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i is 2 or 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) output.WriteLine(Line(row));
        if (report.BestTrial is int best)
            output.WriteLine($"* best: {report.Trials[best].Label}");
    }
}
