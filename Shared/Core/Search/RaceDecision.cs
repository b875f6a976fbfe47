using Crossfold.Core.Statistics;
using MessagePack;

namespace Crossfold.Core.Search;

/// <summary>A trial that racing dropped: at which round, against which leader, with which Holm-adjusted p-value.</summary>
/// <param name="Trial">The eliminated trial's index.</param>
/// <param name="Round">The round that eliminated it: folds 1..Round were compared.</param>
/// <param name="AdjustedP">The Holm-adjusted one-sided p-value of "no worse than the leader", below alpha.</param>
/// <param name="Leader">The index of the trial with the best mean accuracy on those folds.</param>
[MessagePackObject]
public sealed record Elimination(
    [property: Key(0)] int Trial,
    [property: Key(1)] int Round,
    [property: Key(2)] double AdjustedP,
    [property: Key(3)] int Leader);

/// <summary>
/// One round of racing, a pure function of the folds compared: the leader is the trial with the best
/// mean accuracy on folds 1..r (the lowest index among equals); every other trial is compared with it
/// on the paired folds by the corrected resampled t-test, one-sided (is it worse than the leader?), and
/// the p-values are Holm-adjusted over those comparisons. A trial whose adjusted p-value is below
/// alpha is eliminated. A trial that ties the leader gets p = 0.5 and is never eliminated (alpha is at
/// most 0.5).
/// </summary>
public static class RaceDecision
{
    /// <summary>The trials of <paramref name="contenders"/> eliminated at round <paramref name="round"/>, in trial order.</summary>
    /// <param name="contenders">Each surviving trial's index and its accuracy on folds 1..round, in fold order.</param>
    /// <param name="round">How many folds each contender has (the round number).</param>
    /// <param name="alpha">The family-wise significance level, in (0, 0.5].</param>
    /// <param name="testTrainRatio">n_test / n_train of a fold, see <see cref="CorrectedResampledTTest.KFoldTestTrainRatio"/>.</param>
    /// <exception cref="ArgumentException">A contender has a number of scores other than <paramref name="round"/>.</exception>
    public static IReadOnlyList<Elimination> Decide(IReadOnlyList<(int Trial, IReadOnlyList<double> Scores)> contenders, int round, double alpha, double testTrainRatio)
    {
        if (contenders.FirstOrDefault(c => c.Scores.Count != round) is { Scores: not null } wrong)
            throw new ArgumentException($"trial {wrong.Trial} has {wrong.Scores.Count} scores at round {round}", nameof(contenders));
        if (contenders.Count < 2) return [];
        var leader = contenders.OrderByDescending(c => Mean(c.Scores)).ThenBy(c => c.Trial).First();
        var others = contenders.Where(c => c.Trial != leader.Trial).OrderBy(c => c.Trial).ToList();
        var adjusted = Holm.Adjust(others.Select(c => WorseThanLeader(leader.Scores, c.Scores, testTrainRatio)).ToList());
        return others.Select((c, i) => (c.Trial, P: adjusted[i]))
            .Where(x => x.P < alpha) // NaN (a comparison that could not be made) is never below alpha
            .Select(x => new Elimination(x.Trial, round, x.P, leader.Trial))
            .ToList();
    }

    /// <summary>The one-sided p-value of "the trial is no worse than the leader" from the two-sided corrected test.</summary>
    internal static double WorseThanLeader(IReadOnlyList<double> leader, IReadOnlyList<double> trial, double testTrainRatio)
    {
        if (CorrectedResampledTTest.Compare(leader, trial, testTrainRatio) is not { } result || double.IsNaN(result.PValue)) return double.NaN;
        return result.T > 0 ? result.PValue / 2 : 1 - result.PValue / 2;
    }

    // NaN sorts as worst: a leader must have a score.
    private static double Mean(IReadOnlyList<double> scores) => scores.Average() is double m && !double.IsNaN(m) ? m : double.NegativeInfinity;
}
