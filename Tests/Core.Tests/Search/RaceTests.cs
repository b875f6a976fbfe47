using Crossfold.Core.Search;
using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Search;

public class RaceTests
{
    private const double Ratio = 0.25; // 5 folds: one tests, four train

    // Five folds' accuracies per trial: 0 leads, 1 is clearly worse, 2 ties 0 exactly, 3 is a little worse and noisy.
    private static readonly double[][] Folds =
    [
        [0.95, 0.96, 0.95, 0.97, 0.96],
        [0.80, 0.81, 0.79, 0.80, 0.82],
        [0.95, 0.96, 0.95, 0.97, 0.96],
        [0.96, 0.93, 0.95, 0.96, 0.94],
    ];

    private static (int, IReadOnlyList<double>) Contender(int trial, int round) => (trial, Folds[trial][..round]);

    [Fact]
    public void A_clearly_worse_trial_is_dropped_at_min_folds_and_not_before()
    {
        var race = new Race(new RacingSpec(0.05, 3), 4, 5, Ratio);
        var known = new double?[4, 5];
        double? Fold(int t, int f) => known[t, f];
        for (int f = 0; f < 2; f++) for (int t = 0; t < 4; t++) known[t, f] = Folds[t][f];
        Assert.Empty(race.Advance(Fold));
        Assert.Equal(2, race.DecidedRound);

        for (int t = 0; t < 4; t++) known[t, 2] = Folds[t][2];
        var eliminated = Assert.Single(race.Advance(Fold));
        Assert.Equal((1, 3, 0), (eliminated.Trial, eliminated.Round, eliminated.Leader));
        Assert.InRange(eliminated.AdjustedP, 0, 0.05);
        Assert.True(race.IsEliminated(1));
        Assert.Equal(3, race.DecidedRound);
    }

    [Fact]
    public void A_tie_is_never_dropped_even_when_every_fold_agrees()
    {
        for (int round = 2; round <= 5; round++)
        {
            var eliminated = RaceDecision.Decide([Contender(0, round), Contender(2, round)], round, 0.5, Ratio);
            Assert.Empty(eliminated);
        }
        Assert.Equal(0.5, RaceDecision.WorseThanLeader(Folds[0], Folds[2], Ratio));
    }

    [Fact]
    public void The_leader_is_the_best_mean_and_the_lowest_index_among_equals()
    {
        var eliminated = RaceDecision.Decide([Contender(2, 5), Contender(1, 5), Contender(0, 5)], 5, 0.05, Ratio);
        Assert.Equal(0, Assert.Single(eliminated).Leader); // 0 and 2 tie; 0 has the lower index
    }

    [Fact]
    public void P_values_are_holm_adjusted_over_the_survivors_so_two_borderline_trials_both_survive()
    {
        // Two trials a little worse than the leader by the same fold differences in another order: the same p-value.
        double[] leader = [0.95, 0.96, 0.95, 0.97, 0.96];
        double[] a = [0.93, 0.95, 0.92, 0.96, 0.93];
        double[] b = [0.92, 0.94, 0.94, 0.94, 0.95];
        double p = RaceDecision.WorseThanLeader(leader, a, Ratio);
        Assert.Equal(p, RaceDecision.WorseThanLeader(leader, b, Ratio), 12);
        Assert.Equal([2 * p, 2 * p], Holm.Adjust([p, p]));
        double alpha = 1.5 * p; // each alone would be eliminated at this level, not both in one family
        Assert.InRange(alpha, p, 0.5);
        Assert.Empty(RaceDecision.Decide([(0, leader), (1, a), (2, b)], 5, alpha, Ratio));
        Assert.Single(RaceDecision.Decide([(0, leader), (1, a)], 5, alpha, Ratio));

        // A third, clearly worse trial takes the largest multiplier (3) and is eliminated; the other two keep 2p.
        double[] c = [0.80, 0.81, 0.79, 0.80, 0.82];
        double pc = RaceDecision.WorseThanLeader(leader, c, Ratio);
        var eliminated = RaceDecision.Decide([(0, leader), (1, a), (2, b), (3, c)], 5, alpha, Ratio);
        Assert.Equal([3], eliminated.Select(e => e.Trial));
        Assert.Equal(3 * pc, eliminated[0].AdjustedP, 15);
    }

    [Fact]
    public void Eliminations_depend_only_on_the_folds_not_on_the_order_they_finish_in()
    {
        var random = new Random(5);
        var rng = new Random(11);
        var scores = Enumerable.Range(0, 12).Select(t => Enumerable.Range(0, 5).Select(_ => 0.9 - 0.01 * t + 0.02 * rng.NextDouble()).ToArray()).ToArray();
        string? expected = null;
        for (int run = 0; run < 20; run++)
        {
            var race = new Race(new RacingSpec(0.05, 3), 12, 5, Ratio);
            var known = new double?[12, 5];
            // One slot runs folds in order; many slots finish them in any order.
            var order = Enumerable.Range(0, 60).Select(i => (Trial: i % 12, Fold: i / 12)).ToList();
            if (run > 0) order = order.OrderBy(_ => random.Next()).ToList();
            foreach (var (t, f) in order)
            {
                known[t, f] = scores[t][f];
                race.Advance((tt, ff) => known[tt, ff]);
            }
            string outcome = string.Join(";", race.Eliminated.Values.OrderBy(e => e.Trial).Select(e => $"{e.Trial}@{e.Round}:{e.AdjustedP:R}"));
            expected ??= outcome;
            Assert.Equal(expected, outcome);
        }
        Assert.NotEqual("", expected); // the scenario does eliminate
    }

    [Fact]
    public void A_failed_fold_does_not_block_the_round_and_leaves_its_trial_out_of_the_comparison()
    {
        var race = new Race(new RacingSpec(0.05, 3), 3, 5, Ratio);
        double?[,] known = new double?[3, 5];
        for (int f = 0; f < 3; f++) { known[0, f] = Folds[0][f]; known[2, f] = Folds[1][f]; known[1, f] = f == 1 ? double.NaN : Folds[1][f]; }
        var eliminated = race.Advance((t, f) => known[t, f]);
        Assert.Equal([2], eliminated.Select(e => e.Trial));
        Assert.False(race.IsEliminated(1));
        Assert.Equal(3, race.DecidedRound);
    }
}
