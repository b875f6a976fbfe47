using Crossfold.Core.Results;
using Crossfold.Core.Statistics;

namespace Crossfold.Core.Search;

/// <summary>One eliminated trial in a report: when racing dropped it, against whom, and what it had run.</summary>
/// <param name="Trial">The trial's index.</param>
/// <param name="Round">The round that eliminated it (folds 1..Round compared).</param>
/// <param name="AdjustedP">The Holm-adjusted one-sided p-value that eliminated it.</param>
/// <param name="Leader">The leading trial's index at that round.</param>
/// <param name="FoldsRun">Folds of the trial that finished, including any finished after its round (wasted).</param>
public sealed record EliminatedTrial(int Trial, int Round, double AdjustedP, int Leader, int FoldsRun);

/// <summary>
/// What racing did to a finished (or stopped) sweep, re-derived from its folds, as a report shows it:
/// the eliminations, and the training it cost against the full grid, in fold-epochs (one epoch of one
/// fold). Folds never run count at their planned epochs, so with early stopping the saving is an upper bound.
/// </summary>
/// <param name="Eliminated">Eliminated trials, in trial order.</param>
/// <param name="FoldsRun">Folds that finished, of all trials.</param>
/// <param name="FoldsPlanned">Folds of the full grid: trials x repeats x k.</param>
/// <param name="FoldEpochsRun">Epochs trained by the folds that finished.</param>
/// <param name="FoldEpochsFullGrid">Those, plus the planned epochs of every fold racing dropped.</param>
/// <param name="FoldEpochsWasted">Epochs of folds an eliminated trial finished after the round that eliminated it (started before the decision).</param>
public sealed record RacingSummary(
    IReadOnlyList<EliminatedTrial> Eliminated,
    int FoldsRun,
    int FoldsPlanned,
    long FoldEpochsRun,
    long FoldEpochsFullGrid,
    long FoldEpochsWasted)
{
    /// <summary>Fold-epochs the race saved against the full grid.</summary>
    public long FoldEpochsSaved => FoldEpochsFullGrid - FoldEpochsRun;

    /// <summary>Whether racing dropped <paramref name="trial"/>.</summary>
    public bool IsEliminated(int trial) => Eliminated.Any(e => e.Trial == trial);

    /// <summary>The racing summary of <paramref name="results"/>, or null when the sweep did not race.</summary>
    public static RacingSummary? Of(SweepResults results)
    {
        if (results.Definition.Search?.Racing is not { } racing) return null;
        var cv = results.Definition.CrossValidation;
        int perTrial = cv.K * cv.Repeats;
        var jobs = results.Jobs;
        // A fold's score as the scheduler saw it: a failed fold ended without one; a fold with neither result nor error never ended.
        double? Score(int trial, int fold) => jobs[trial * perTrial + fold] switch
        {
            { Outcome: { } outcome } => outcome.Test.Accuracy,
            { Error: not null } => double.NaN,
            _ => null,
        };
        var race = Race.ForSweep(results.Definition.Search, racing, results.Trials.Length, perTrial, CorrectedResampledTTest.KFoldTestTrainRatio(cv.K));
        race.Advance(Score);

        long run = 0, full = 0, wasted = 0;
        foreach (var job in jobs)
        {
            int epochs = job.Outcome?.Epochs.Length ?? 0;
            run += epochs;
            bool afterElimination = race.Eliminated.GetValueOrDefault(job.TrialIndex) is { } e && job.JobId % perTrial >= e.Round;
            full += afterElimination && job.Outcome is null ? results.Trials[job.TrialIndex].Training.Epochs : epochs;
            if (afterElimination) wasted += epochs;
        }
        var eliminated = race.Eliminated.Values.OrderBy(e => e.Trial)
            .Select(e => new EliminatedTrial(e.Trial, e.Round, e.AdjustedP, e.Leader,
                jobs.Skip(e.Trial * perTrial).Take(perTrial).Count(j => j.Outcome is not null)))
            .ToList();
        return new RacingSummary(eliminated, jobs.Count(j => j.Outcome is not null), jobs.Length, run, full, wasted);
    }
}
