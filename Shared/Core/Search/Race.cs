namespace Crossfold.Core.Search;

/// <summary>
/// Racing across folds for one sweep: which round was decided last and which trials were eliminated.
/// Round r is decided once every surviving trial has finished its fold r (folds counted repeat by
/// repeat, in fold order); from <see cref="RacingSpec.MinFolds"/> on, <see cref="RaceDecision"/>
/// compares the survivors on folds 1..r. Decisions depend only on those folds, never on when or where
/// they finished, so the same sweep eliminates the same trials on 1 slot or 64, and replaying the stored
/// folds after a restart (<see cref="Advance"/> on a new race) gives the same eliminations.
/// A trial with a fold that ended without a score (failed for good) among folds 1..r does not block the
/// round and is left out of its comparison. Trials race in heats: those the sweep starts with, and each TPE round's
/// trials (<see cref="AddHeat"/>), which start at fold 1 after the others have finished and race among themselves.
/// </summary>
public sealed class Race
{
    private readonly RacingSpec _spec;
    private readonly int _foldsPerTrial;
    private readonly double _testTrainRatio;
    private readonly Dictionary<int, Elimination> _eliminated = new();
    private readonly List<Heat> _heats = new();

    /// <summary>Trials First..First+Count-1 racing each other, and the last round they decided.</summary>
    private sealed class Heat(int first, int count)
    {
        public int First { get; } = first;
        public int Count { get; } = count;
        public int DecidedRound { get; set; }
    }

    /// <summary>A race of <paramref name="trials"/> trials (the first heat), each with <paramref name="foldsPerTrial"/> folds.</summary>
    public Race(RacingSpec spec, int trials, int foldsPerTrial, double testTrainRatio)
    {
        (_spec, _foldsPerTrial, _testTrainRatio) = (spec, foldsPerTrial, testTrainRatio);
        AddHeat(trials);
    }

    /// <summary>
    /// The race of a sweep with <paramref name="trials"/> trials so far: one heat for a grid or random search, one per round for
    /// TPE (its first round, then <see cref="SearchSpec.Batch"/> trials each), as the coordinator raced them.
    /// </summary>
    public static Race ForSweep(SearchSpec search, RacingSpec racing, int trials, int foldsPerTrial, double testTrainRatio)
    {
        int first = search.Method == SearchMethod.Tpe ? Math.Min(search.FirstRound, trials) : trials;
        var race = new Race(racing, first, foldsPerTrial, testTrainRatio);
        for (int start = first; start < trials; start += search.Batch) race.AddHeat(Math.Min(search.Batch, trials - start));
        return race;
    }

    /// <summary>Adds <paramref name="trials"/> trials, numbered on from the last, as a heat of their own.</summary>
    public void AddHeat(int trials) => _heats.Add(new Heat(_heats.Count == 0 ? 0 : _heats[^1].First + _heats[^1].Count, trials));

    /// <summary>The last round decided in the first heat (0 before the first).</summary>
    public int DecidedRound => _heats[0].DecidedRound;

    /// <summary>The eliminations so far, by trial index.</summary>
    public IReadOnlyDictionary<int, Elimination> Eliminated => _eliminated;

    /// <summary>Whether racing dropped <paramref name="trial"/>.</summary>
    public bool IsEliminated(int trial) => _eliminated.ContainsKey(trial);

    /// <summary>
    /// Decides every round the finished folds allow, heat by heat and in order, and returns the trials newly eliminated.
    /// <paramref name="fold"/>(trial, f) is the accuracy of the trial's fold f (from 0, repeat by repeat):
    /// null while it has not ended, NaN when it ended without a score.
    /// </summary>
    public IReadOnlyList<Elimination> Advance(Func<int, int, double?> fold)
    {
        var newly = new List<Elimination>();
        foreach (var heat in _heats)
            while (heat.DecidedRound < _foldsPerTrial)
            {
                int round = heat.DecidedRound + 1;
                var alive = Enumerable.Range(heat.First, heat.Count).Where(t => !IsEliminated(t)).ToList();
                if (alive.Any(t => fold(t, round - 1) is null)) break;
                heat.DecidedRound = round;
                if (round < _spec.MinFolds) continue;
                var contenders = alive
                    .Select(t => (Trial: t, Scores: (IReadOnlyList<double>)Enumerable.Range(0, round).Select(f => fold(t, f)!.Value).ToArray()))
                    .Where(c => c.Scores.All(double.IsFinite))
                    .ToList();
                foreach (var elimination in RaceDecision.Decide(contenders, round, _spec.Alpha, _testTrainRatio))
                {
                    _eliminated[elimination.Trial] = elimination;
                    newly.Add(elimination);
                }
            }
        return newly;
    }
}
