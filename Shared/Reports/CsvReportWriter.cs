using System.Text;

namespace Crossfold.Reports;

/// <summary>
/// Writes folds.csv: one row per planned fold (status done, failed with its error, or cancelled / pending
/// when it never ended), for spreadsheets. Text
/// that names come from (labels, nodes, errors) is neutralised so a spreadsheet never runs it as a formula.
/// </summary>
public static class CsvReportWriter
{
    public const string Header = "trial,label,architecture,noise,hyperparameters,repeat,fold,status,accuracy,loss,best_epoch,epochs,train_images,validation_images,test_images,seconds,node,device,threads,cpu_isa,attempts,error";

    public static string Write(SweepReport report)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var t in report.Trials)
        {
            string prefix = string.Join(',', t.Index.ToString(), Text(t.Label), Text(t.Architecture), Text(t.Noise), Text(t.Hyperparameters));
            var rows = t.Folds.Select(f => (f.Repeat, f.Fold, Line: string.Join(',', prefix, f.Repeat, f.Fold, "done",
                    ReportFormat.Number(f.Accuracy), ReportFormat.Number(f.Loss), f.BestEpoch, f.EpochsRun, f.TrainImages,
                    f.ValidationImages, f.TestImages, ReportFormat.Number(Math.Round(f.Seconds, 3)), Text(f.Node), Text(f.Device), f.Threads, Text(f.CpuIsa), f.Attempts, "")))
                .Concat(t.FailedFolds.Select(f => (f.Repeat, f.Fold, Line: string.Join(',', prefix, f.Repeat, f.Fold, "failed",
                    "", "", "", "", "", "", "", "", "", "", "", "", f.Attempts, Text(f.Error)))))
                .Concat(t.Unfinished.Select(f => (f.Repeat, f.Fold, Line: string.Join(',', prefix, f.Repeat, f.Fold, ReportText.Unfinished(report, t),
                    "", "", "", "", "", "", "", "", "", "", "", "", f.Attempts, ""))));
            foreach (var row in rows.OrderBy(r => r.Repeat).ThenBy(r => r.Fold)) csv.AppendLine(row.Line);
        }
        return csv.ToString();
    }

    /// <summary>
    /// A text cell. One starting with = + - @ (or tab or carriage return, which some spreadsheets skip
    /// before looking) would be evaluated as a formula, e.g. =HYPERLINK(…) in an error message: it gets a
    /// leading single quote, which spreadsheets read as "this is text" (OWASP's CSV injection advice).
    /// Numbers never pass through here, so they stay numbers.
    /// </summary>
    static string Text(string value) => Quote(value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value);

    static string Quote(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
