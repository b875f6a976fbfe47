namespace Crossfold.Core.Search;

/// <summary>
/// Racing across folds for one sweep: which round was decided last and which trials were eliminated.
/// Round r is decided once every surviving trial has finished its fold r (folds counted repeat by
/// repeat, in fold order); from <see cref="RacingSpec.MinFolds"/> on, <see cref="RaceDecision"/>
/// compares the survivors on folds 1..r. Decisions depend only on those folds, never on when or where
/// they finished, so the same sweep eliminates the same trials on 1 slot or 64, and replaying the stored
/// folds after a restart (<see cref="Advance"/> on a new race) gives the same eliminations.
/// A trial with a fold that ended without a score (failed for good) among folds 1..r does not block the
/// round and is left out of its comparison.
/// </summary>
public sealed class Race(RacingSpec spec, int trials, int foldsPerTrial, double testTrainRatio)
{
    private readonly Dictionary<int, Elimination> _eliminated = new();

    /// <summary>The last round decided (0 before the first).</summary>
    public int DecidedRound { get; private set; }

    /// <summary>The eliminations so far, by trial index.</summary>
    public IReadOnlyDictionary<int, Elimination> Eliminated => _eliminated;

    /// <summary>Whether racing dropped <paramref name="trial"/>.</summary>
    public bool IsEliminated(int trial) => _eliminated.ContainsKey(trial);

    /// <summary>
    /// Decides every round the finished folds allow, in order, and returns the trials newly eliminated.
    /// <paramref name="fold"/>(trial, f) is the accuracy of the trial's fold f (from 0, repeat by repeat):
    /// null while it has not ended, NaN when it ended without a score.
    /// </summary>
    public IReadOnlyList<Elimination> Advance(Func<int, int, double?> fold)
    {
        var newly = new List<Elimination>();
        while (DecidedRound < foldsPerTrial)
        {
            int round = DecidedRound + 1;
            var alive = Enumerable.Range(0, trials).Where(t => !IsEliminated(t)).ToList();
            if (alive.Any(t => fold(t, round - 1) is null)) break;
            DecidedRound = round;
            if (round < spec.MinFolds) continue;
            var contenders = alive
                .Select(t => (Trial: t, Scores: (IReadOnlyList<double>)Enumerable.Range(0, round).Select(f => fold(t, f)!.Value).ToArray()))
                .Where(c => c.Scores.All(double.IsFinite))
                .ToList();
            foreach (var elimination in RaceDecision.Decide(contenders, round, spec.Alpha, testTrainRatio))
            {
                _eliminated[elimination.Trial] = elimination;
                newly.Add(elimination);
            }
        }
        return newly;
    }
}
