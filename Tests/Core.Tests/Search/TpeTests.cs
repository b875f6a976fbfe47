using Crossfold.Core.Search;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Search;

/// <summary>
/// TPE's proposals: a pure function of the sweep, the round and the scores; always new trials; and, once it has scores,
/// concentrated where they are high, unlike random draws (checked on synthetic objectives, over many seeds). Whether that
/// finds a better best trial in a given budget is measured, not asserted: bench/search and BENCHMARKS.md.
/// </summary>
public class TpeTests
{
    const string Space = """
        seed: SEED
        search: {method: tpe, trials: 24, batch: 4}
        architectures: [seed-mlp-2, seed-cnn-2, seed-mlp-1, seed-cnn-4]
        hyperparameters:
          learning_rate: {log_uniform: [0.0001, 0.1]}
          momentum: {uniform: [0.5, 0.95]}
        """;

    static SweepDefinition Definition(ulong seed) => SweepYaml.Definition(Space.Replace("SEED", seed.ToString()));

    /// <summary>A made-up accuracy: best for the third architecture at the point (0.8, 0.3) of the other two coordinates.</summary>
    static double Objective(double[] p) =>
        0.9 - 0.3 * ((p[1] - 0.8) * (p[1] - 0.8) + (p[2] - 0.3) * (p[2] - 0.3)) - (SearchSpace.Category(p[0], 4) == 2 ? 0 : 0.05);

    /// <summary>Runs the whole search on the objective, round by round as the coordinator does; returns every trial with its point.</summary>
    static List<(Trial Trial, double[] Point)> Search(SweepDefinition def, bool tpe)
    {
        var search = def.Search!;
        var trials = RandomSearch.Draw(def, tpe ? search.Batch : search.Trials).ToList();
        for (int round = 1; trials.Count < search.Trials; round++)
            trials.AddRange(Tpe.Propose(def, round, Math.Min(search.Batch, search.Trials - trials.Count), trials,
                trials.Select(t => (double?)Objective(t.Point)).ToList()));
        return trials;
    }

    [Fact]
    public void Proposals_are_a_pure_function_of_sweep_round_and_scores_and_always_new()
    {
        var def = Definition(3);
        var first = Search(def, tpe: true);
        Assert.Equal(first.Select(t => t.Trial.Label), Search(def, tpe: true).Select(t => t.Trial.Label));
        Assert.Equal(24, first.Select(t => t.Trial.Label).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 24), first.Select(t => t.Trial.Index));
        Assert.All(first.SelectMany(t => t.Point), u => Assert.InRange(u, 0, Math.BitDecrement(1.0)));
        // The trial is what its point says: proposals go through the same space as random draws.
        var space = new SearchSpace(def);
        Assert.All(first, t => Assert.Equal(t.Trial.Label, space.TrialAt(t.Trial.Index, t.Point).Label));
        // Different scores propose differently; a trial with no finished fold is left out rather than counted as 0.
        var start = RandomSearch.Draw(def, 4);
        var a = Tpe.Propose(def, 1, 4, start, [0.9, 0.1, 0.1, 0.1]);
        var b = Tpe.Propose(def, 1, 4, start, [0.1, 0.1, 0.1, 0.9]);
        Assert.NotEqual(a.Select(t => t.Trial.Label), b.Select(t => t.Trial.Label));
        Assert.Equal(a.Select(t => t.Trial.Label), Tpe.Propose(def, 1, 4, start, [0.9, 0.1, 0.1, 0.1]).Select(t => t.Trial.Label));
        Assert.NotEqual(a.Select(t => t.Trial.Label), Tpe.Propose(def, 1, 4, start, [0.9, null, null, null]).Select(t => t.Trial.Label));
    }

    [Fact]
    public void On_a_smooth_objective_TPE_proposes_better_trials_than_random_draws_once_it_has_scores()
    {
        double tpeLate = 0, randomLate = 0;
        const int seeds = 20;
        for (ulong seed = 1; seed <= seeds; seed++)
        {
            var def = Definition(seed);
            // Trials 13-24: by then TPE has learned from three rounds; random draws have not changed.
            tpeLate += Search(def, tpe: true).Skip(12).Average(t => Objective(t.Point)) / seeds;
            randomLate += Search(def, tpe: false).Skip(12).Average(t => Objective(t.Point)) / seeds;
        }
        Assert.True(tpeLate > randomLate + 0.05, $"mean of trials 13-24: TPE {tpeLate:F4}, random {randomLate:F4}");
    }

    [Fact]
    public void A_categorical_axis_that_scores_best_is_proposed_more_often()
    {
        int chosen = 0, total = 0;
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var late = Search(Definition(seed), tpe: true).Skip(8).ToList();
            chosen += late.Count(t => t.Trial.Architecture.Name == "seed-mlp-1");
            total += late.Count;
        }
        // Random draws would give a quarter.
        Assert.True(chosen > total * 0.35, $"{chosen} of {total} later proposals use the best architecture");
    }
}
