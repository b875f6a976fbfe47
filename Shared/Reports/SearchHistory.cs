using Crossfold.Core.Search;

namespace Crossfold.Reports;

/// <summary>
/// One trial of a search's history, in the order the search proposed it: its cross-validation mean accuracy, the
/// best mean among the trials proposed so far (itself included), and whether racing eliminated it.
/// </summary>
/// <param name="Trial">The trial's index, which is its place in the proposal order.</param>
/// <param name="Mean">Its mean test-fold accuracy over the folds it finished (an eliminated trial's few folds).</param>
/// <param name="BestSoFar">The highest <see cref="Mean"/> of trials 0..Trial that racing did not eliminate; null while every one so far was.</param>
/// <param name="Eliminated">Racing dropped it, so it never counts as the best so far.</param>
public sealed record SearchHistoryPoint(int Trial, double Mean, double? BestSoFar, bool Eliminated);

/// <summary>How a search found its best trial: read off the trials in proposal order, so nothing is trained for it.</summary>
public static class SearchHistory
{
    /// <summary>
    /// The history of a sweep whose <paramref name="search"/> proposes trials (random or TPE search), or null for a grid, whose
    /// order says nothing about the search. One point per trial with at least one finished fold, by trial index.
    /// An eliminated trial is drawn but never raises the best so far, as it is never the report's best trial.
    /// </summary>
    public static IReadOnlyList<SearchHistoryPoint>? Of(SearchSpec? search, IEnumerable<TrialReport> trials, RacingSummary? racing)
    {
        if (search is null || search.Method == SearchMethod.Grid) return null;
        double? best = null;
        var points = new List<SearchHistoryPoint>();
        foreach (var trial in trials.Where(t => t.Accuracy is not null).OrderBy(t => t.Index))
        {
            double mean = trial.Accuracy!.Mean;
            bool eliminated = racing?.IsEliminated(trial.Index) == true;
            if (!eliminated && (best is null || mean > best)) best = mean;
            points.Add(new SearchHistoryPoint(trial.Index, mean, best, eliminated));
        }
        return points;
    }
}
