using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Statistics;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// One outer fold of nested cross-validation: the trial its inner folds chose (the best mean inner accuracy, as
/// <see cref="BestTrial"/> picks), how many trials competed with every inner fold done, and the chosen trial's score
/// on the outer test part, which chose nothing.
/// </summary>
/// <param name="Winner">The chosen trial's index; null while no trial has all its inner folds done.</param>
/// <param name="InnerAccuracy">The winner's mean accuracy over its inner folds.</param>
/// <param name="Competed">Trials with every inner fold of this outer fold done (the others could not be chosen).</param>
/// <param name="Accuracy">The winner's accuracy on the outer test part; null until that job is done.</param>
/// <param name="Loss">The winner's loss on the outer test part; null until that job is done.</param>
public sealed record OuterFoldChoice(int Repeat, int Fold, int? Winner, double? InnerAccuracy, int Competed, double? Accuracy, double? Loss);

/// <summary>
/// The estimate of the whole selection procedure, "cross-validate every trial, keep the best": for each outer fold,
/// the trial chosen on inner folds of its training part, scored on its test part. Unlike the best trial's own
/// cross-validation mean, no score here chose what it scores, so it is not optimistic when many trials compete.
/// </summary>
/// <param name="Folds">Every outer fold, repeat by repeat.</param>
/// <param name="Accuracy">The outer folds' scores summarised (corrected interval with the outer split's n_test/n_train); null while none is done.</param>
/// <param name="Trials">How many trials the sweep has (each outer fold chose among them).</param>
public sealed record NestedEstimate(IReadOnlyList<OuterFoldChoice> Folds, Summary? Accuracy, int Trials)
{
    /// <summary>
    /// The nested estimate from a nested sweep's jobs: <paramref name="jobs"/> are the cross-validation jobs (every trial on
    /// every outer fold), <paramref name="inner"/> the inner jobs. A pure function of the outcomes, so every coordinator and
    /// every rerun of the same sweep chooses the same trials.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cv"/> is not nested.</exception>
    public static NestedEstimate Of(int trials, CrossValidationSpec cv, IReadOnlyList<JobRecord> jobs, IReadOnlyList<JobRecord> inner)
    {
        if (!cv.Nested) throw new ArgumentException($"{cv} is not nested", nameof(cv));
        var means = InnerMeans(cv, inner);
        var outer = jobs.Where(j => j.Outcome is not null).ToDictionary(j => (j.TrialIndex, j.Repeat, j.Fold), j => j.Outcome!);
        var folds = new List<OuterFoldChoice>(cv.Repeats * cv.K);
        for (int repeat = 0; repeat < cv.Repeats; repeat++)
            for (int fold = 0; fold < cv.K; fold++)
            {
                var complete = means.Where(m => (m.Key.Repeat, m.Key.Fold) == (repeat, fold))
                    .Select(m => (Index: m.Key.Trial, m.Value.Accuracy, m.Value.Loss)).ToList();
                int? winner = BestTrial.Pick(complete.Select(t => (t.Index, (double?)t.Accuracy, (double?)t.Loss)));
                var score = winner is int w && outer.TryGetValue((w, repeat, fold), out var outcome) ? outcome.Test : null;
                folds.Add(new OuterFoldChoice(repeat, fold, winner, winner is int x ? complete.First(t => t.Index == x).Accuracy : null, complete.Count,
                    score?.Accuracy, score?.Loss));
            }
        var scored = folds.Where(f => f.Accuracy is not null).Select(f => f.Accuracy!.Value).ToList();
        return new NestedEstimate(folds, scored.Count > 0 ? Summary.Of(scored, CorrectedResampledTTest.KFoldTestTrainRatio(cv.K)) : null, trials);
    }

    /// <summary>
    /// Each trial's mean inner accuracy and loss per outer fold (trial, repeat, fold), for the trials with every inner fold of
    /// that outer fold done: only those compete, since a mean over fewer folds is not comparable.
    /// </summary>
    public static IReadOnlyDictionary<(int Trial, int Repeat, int Fold), (double Accuracy, double Loss)> InnerMeans(CrossValidationSpec cv, IReadOnlyList<JobRecord> inner) =>
        inner.Where(j => j.Outcome is not null).GroupBy(j => (j.TrialIndex, j.Repeat, j.Fold))
            .Where(g => g.Select(j => j.InnerFold).Distinct().Count() == cv.InnerK)
            .ToDictionary(g => g.Key, g => (g.Average(j => j.Outcome!.Test.Accuracy), g.Average(j => j.Outcome!.Test.Loss)));

    /// <summary>How many outer folds chose each trial, most chosen first (ties by trial index).</summary>
    public IReadOnlyList<(int Trial, int Times)> Wins() => Folds.Where(f => f.Winner is not null).GroupBy(f => f.Winner!.Value)
        .Select(g => (g.Key, g.Count())).OrderByDescending(t => t.Item2).ThenBy(t => t.Item1).ToList();
}
