using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Protocol.Messages;
using Crossfold.Reports;
using Crossfold.Torch.Training;

namespace Crossfold.Cli.Progress;

/// <summary>The words both progress views use for events, so a log and a terminal say the same thing.</summary>
public static class ProgressText
{
    /// <summary>
    /// An epoch's line: training metrics, then the validation split's (which choose the epoch) and the
    /// test fold's (logged only) where the epoch has them; a refit epoch has neither.
    /// </summary>
    public static string Epoch(EpochMetrics m, int epochs) =>
        $"epoch {m.Epoch}/{epochs}: loss {ReportFormat.Loss(m.TrainLoss)}, accuracy {ReportFormat.Percent(m.TrainAccuracy)}, " +
        (double.IsNaN(m.ValidationLoss) ? "" : $"validation loss {ReportFormat.Loss(m.ValidationLoss)}, accuracy {ReportFormat.Percent(m.ValidationAccuracy)}, ") +
        (double.IsNaN(m.TestLoss) ? "" : $"test-fold accuracy {ReportFormat.Percent(m.TestAccuracy)} ") +
        $"({m.ImagesPerSecond:N0} img/s)";

    public static string Fold(FoldRecorded f) =>
        $"{f.Description}: accuracy {ReportFormat.Percent(f.Outcome.Test.Accuracy)}, loss {ReportFormat.Loss(f.Outcome.Test.Loss)} " +
        $"({ReportFormat.Duration(f.Outcome.Seconds)} on {f.Outcome.Node} {f.Outcome.Device})";

    public static string Trial(TrialProgress t) => t.MeanAccuracy is double mean
        ? $"{t.Label}: {ReportFormat.Percent(mean)} ± {ReportFormat.Percent(t.StdAccuracy ?? 0)} over {t.FoldsDone} fold{(t.FoldsDone == 1 ? "" : "s")}" +
          (t.FoldsFailed > 0 ? $" ({t.FoldsFailed} failed)" : "")
        : $"{t.Label}: no fold finished ({t.FoldsFailed} failed)";

    /// <summary>A trial racing dropped, and against whom.</summary>
    public static string Eliminated(TrialEliminated e) =>
        $"{Trial(e.Trial)}; eliminated after fold {e.Round}, worse than {e.Leader} (adjusted p = {e.AdjustedP:0.####}), {e.FoldsDropped} fold{(e.FoldsDropped == 1 ? "" : "s")} dropped";
}
