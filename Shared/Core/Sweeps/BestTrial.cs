namespace Crossfold.Core.Sweeps;

/// <summary>Which trial is best: the highest mean validation accuracy, a lower mean loss breaking ties, then the lower index.</summary>
public static class BestTrial
{
    /// <summary>The best of the trials that have at least one finished fold; null when none has.</summary>
    public static int? Pick(IEnumerable<(int Index, double? MeanAccuracy, double? MeanLoss)> trials) => trials
        .Where(t => t.MeanAccuracy is not null)
        .OrderByDescending(t => t.MeanAccuracy).ThenBy(t => t.MeanLoss ?? double.PositiveInfinity).ThenBy(t => t.Index)
        .Select(t => (int?)t.Index)
        .FirstOrDefault();
}
