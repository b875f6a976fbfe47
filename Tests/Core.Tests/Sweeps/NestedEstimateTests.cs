using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Statistics;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;

namespace Crossfold.Tests.Sweeps;

/// <summary>
/// The nested estimate: each outer fold's trial is chosen by inner folds alone, scored by its outer test part,
/// and the outer scores summarised like any cross-validation.
/// </summary>
public class NestedEstimateTests
{
    static readonly CrossValidationSpec Cv = new(3, InnerK: 2);

    static FoldOutcome Outcome(double accuracy, double loss = 0.5) =>
        new(new Evaluation(accuracy, loss, [], 10), [], 1, 200, 100, 1, "n", "cpu", 1);

    /// <summary>Outer jobs of 3 trials x 3 folds and inner jobs of 3 trials x 3 outer x 2 inner folds, scored by the given functions.</summary>
    static (List<JobRecord> Outer, List<JobRecord> Inner) Jobs(Func<int, int, double> outer, Func<int, int, int, double> inner, Func<int, int, int, double>? innerLoss = null)
    {
        var outerJobs = new List<JobRecord>();
        var innerJobs = new List<JobRecord>();
        for (int trial = 0; trial < 3; trial++)
            for (int fold = 0; fold < 3; fold++)
            {
                outerJobs.Add(new JobRecord(outerJobs.Count, trial, 0, fold, 1, Outcome(outer(trial, fold)), null));
                for (int i = 0; i < 2; i++)
                    innerJobs.Add(new JobRecord(100 + innerJobs.Count, trial, 0, fold, 1,
                        Outcome(inner(trial, fold, i), innerLoss?.Invoke(trial, fold, i) ?? 0.5), null, i));
            }
        return (outerJobs, innerJobs);
    }

    [Fact]
    public void Each_outer_fold_chooses_by_its_inner_means_and_is_scored_by_the_winner_on_its_test_part()
    {
        // Trial f wins outer fold f on its inner folds; on the outer test parts trial 2 is always best, which must not matter.
        var (outer, inner) = Jobs((t, f) => 0.5 + 0.1 * t + 0.01 * f, (t, f, i) => t == f ? 0.9 : 0.6 + 0.01 * i);
        var estimate = NestedEstimate.Of(3, Cv, outer, inner);
        Assert.Equal([0, 1, 2], estimate.Folds.Select(f => f.Winner));
        Assert.Equal([0.5, 0.61, 0.72], estimate.Folds.Select(f => f.Accuracy!.Value), new ToleranceComparer(1e-12));
        Assert.All(estimate.Folds, f => Assert.Equal((0.9, 3), (f.InnerAccuracy!.Value, f.Competed)));
        var expected = Summary.Of([0.5, 0.61, 0.72], CorrectedResampledTTest.KFoldTestTrainRatio(3));
        Assert.Equal(expected, estimate.Accuracy);
        Assert.Equal([(0, 1), (1, 1), (2, 1)], estimate.Wins());
    }

    [Fact]
    public void The_outer_test_scores_never_change_a_choice()
    {
        var random = new Random(3);
        var innerScores = Enumerable.Range(0, 18).Select(_ => random.NextDouble()).ToArray();
        double Inner(int t, int f, int i) => innerScores[(t * 3 + f) * 2 + i];
        var first = NestedEstimate.Of(3, Cv, Jobs((t, f) => random.NextDouble(), Inner).Outer, Jobs((t, f) => 0, Inner).Inner);
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var (outer, inner) = Jobs((t, f) => random.NextDouble(), Inner);
            Assert.Equal(first.Folds.Select(f => f.Winner), NestedEstimate.Of(3, Cv, outer, inner).Folds.Select(f => f.Winner));
        }
    }

    [Fact]
    public void Ties_on_inner_accuracy_go_to_the_lower_inner_loss_and_a_trial_missing_an_inner_fold_cannot_be_chosen()
    {
        var (outer, inner) = Jobs((t, f) => 0.7, (t, f, i) => 0.8, (t, f, i) => t == 1 ? 0.1 : 0.5);
        Assert.All(NestedEstimate.Of(3, Cv, outer, inner).Folds, f => Assert.Equal(1, f.Winner));

        // Trial 1's second inner fold of outer fold 0 failed: outer fold 0 chooses between trials 0 and 2 (0 on index).
        inner = inner.Select(j => (j.TrialIndex, j.Fold, j.InnerFold) == (1, 0, 1) ? j with { Outcome = null, Error = "diverged" } : j).ToList();
        var fold0 = NestedEstimate.Of(3, Cv, outer, inner).Folds[0];
        Assert.Equal((0, 2), (fold0.Winner, fold0.Competed));
    }

    [Fact]
    public void Outer_folds_still_running_leave_their_choice_or_score_open_and_out_of_the_summary()
    {
        var (outer, inner) = Jobs((t, f) => 0.7 + 0.1 * f, (t, f, i) => t == 0 ? 0.9 : 0.8);
        outer = outer.Select(j => (j.TrialIndex, j.Fold) == (0, 2) ? j with { Outcome = null } : j).ToList();
        inner = inner.Where(j => j.Fold != 1).ToList();
        var estimate = NestedEstimate.Of(3, Cv, outer, inner);
        Assert.Equal([0, null, 0], estimate.Folds.Select(f => f.Winner));
        Assert.Equal([0.7, null, null], estimate.Folds.Select(f => f.Accuracy));
        Assert.Equal(1, estimate.Accuracy!.N);
        Assert.Throws<ArgumentException>(() => NestedEstimate.Of(3, new CrossValidationSpec(3), outer, inner));
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
