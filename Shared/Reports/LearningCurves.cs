using Crossfold.Core.Training;

namespace Crossfold.Reports;

/// <summary>
/// One epoch of a trial's mean learning curve: the metrics averaged over the folds that trained that
/// epoch. With early stopping some folds stop sooner, so <see cref="Folds"/> falls towards the end and
/// the last epochs average fewer (and luckier or unluckier) folds.
/// </summary>
/// <param name="Epoch">The epoch, 1-based as the trainer numbers them.</param>
/// <param name="Folds">How many folds reached this epoch and are in the means.</param>
public sealed record LearningCurvePoint(
    int Epoch, int Folds, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy,
    double TestLoss, double TestAccuracy);

/// <summary>Averages per-fold epoch histories into a trial's mean learning curve.</summary>
public static class LearningCurves
{
    /// <summary>
    /// The mean curve of <paramref name="histories"/> (one history per fold): for each epoch number that
    /// any fold reached, in increasing order, the mean of each metric over the folds that reached it.
    /// Folds are matched by <see cref="EpochMetrics.Epoch"/>, not by position, so a history with a gap
    /// cannot shift the others. An empty input gives an empty curve.
    /// </summary>
    public static IReadOnlyList<LearningCurvePoint> Mean(IEnumerable<IReadOnlyList<EpochMetrics>> histories) =>
        histories
            .SelectMany(history => history)
            .GroupBy(e => e.Epoch)
            .OrderBy(g => g.Key)
            .Select(g => new LearningCurvePoint(g.Key, g.Count(),
                g.Average(e => e.TrainLoss), g.Average(e => e.TrainAccuracy),
                g.Average(e => e.ValidationLoss), g.Average(e => e.ValidationAccuracy),
                g.Average(e => e.TestLoss), g.Average(e => e.TestAccuracy)))
            .ToList();
}
