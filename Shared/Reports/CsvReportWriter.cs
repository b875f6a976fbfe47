using System.Text;

namespace Crossfold.Shared.Reports;

/// <summary>Writes folds.csv: one row per fold (failed folds included, with their error), for spreadsheets.</summary>
public static class CsvReportWriter
{
    public const string Header = "trial,label,architecture,noise,hyperparameters,repeat,fold,status,accuracy,loss,best_epoch,epochs,train_images,validation_images,seconds,node,device,threads,attempts,error";

    public static string Write(SweepReport report)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var t in report.Trials)
        {
            string prefix = string.Join(',', t.Index.ToString(), Quote(t.Label), Quote(t.Architecture), Quote(t.Noise), Quote(t.Hyperparameters));
            var rows = t.Folds.Select(f => (f.Repeat, f.Fold, Line: string.Join(',', prefix, f.Repeat, f.Fold, "done",
                    ReportFormat.Number(f.Accuracy), ReportFormat.Number(f.Loss), f.BestEpoch, f.EpochsRun, f.TrainImages,
                    f.ValidationImages, ReportFormat.Number(Math.Round(f.Seconds, 3)), Quote(f.Node), Quote(f.Device), f.Threads, f.Attempts, "")))
                .Concat(t.FailedFolds.Select(f => (f.Repeat, f.Fold, Line: string.Join(',', prefix, f.Repeat, f.Fold, "failed",
                    "", "", "", "", "", "", "", "", "", "", f.Attempts, Quote(f.Error)))));
            foreach (var row in rows.OrderBy(r => r.Repeat).ThenBy(r => r.Fold)) csv.AppendLine(row.Line);
        }
        return csv.ToString();
    }

    static string Quote(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
