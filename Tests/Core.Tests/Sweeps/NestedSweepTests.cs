using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>Nested cross-validation in sweep files and plans: <c>folds.inner_k</c>, its jobs, seeds, limits and refusals.</summary>
public class NestedSweepTests
{
    const string Nested = "architectures: [seed-mlp-1, seed-cnn-2]\nfolds: {k: 4, inner_k: 3, repeats: 2}\n";

    [Fact]
    public void Inner_k_is_read_from_the_folds_mapping_and_shown_in_the_split_description()
    {
        var cv = SweepYaml.Definition(Nested).CrossValidation;
        Assert.Equal(new CrossValidationSpec(4, true, 2, 3), cv);
        Assert.True(cv.Nested);
        Assert.Equal("4-fold stratified x2 repeats, nested (3 inner folds)", cv.ToString());
        Assert.False(SweepYaml.Definition("architectures: [seed-mlp-1]\nfolds: {k: 4}\n").CrossValidation.Nested);
    }

    [Fact]
    public void Bad_inner_k_and_racing_with_nesting_are_refused_at_their_line()
    {
        Assert.Equal("sweeps/x.yaml:2:24: folds.inner_k: expected an integer of at least 2 (the inner folds of nested cross-validation), got '1'",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nfolds: {k: 4, inner_k: 1}\n").Message);
        Assert.Equal("sweeps/x.yaml:2:15: folds.innerk: unknown key 'innerk'; did you mean 'inner_k'?",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nfolds: {k: 4, innerk: 3}\n").Message);
        var racing = SweepYaml.Error("architectures: [seed-mlp-1]\nfolds: {k: 4, inner_k: 3}\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n" +
            "search: {method: random, trials: 4, racing: {alpha: 0.1}}\n");
        Assert.Equal("search.racing", racing.Path);
        Assert.Contains("cannot run with nested cross-validation (folds.inner_k)", racing.Message);
    }

    [Fact]
    public void A_nested_plan_adds_inner_jobs_after_the_outer_folds_with_seeds_shared_by_every_trial()
    {
        var def = SweepYaml.Definition(Nested + "evaluate: {noise: [none]}\n");
        var plan = SweepPlan.Create(def, "n1", "sha256:abc", 28, 28);
        int outer = 2 * 2 * 4, first = SweepPlan.FirstInnerJob(def, plan.Trials.Count);
        Assert.Equal(outer, first);
        Assert.Equal(outer + 2 * 2 * 4 * 3, plan.Jobs.Count);
        Assert.Equal(plan.Jobs.Count, SweepPlan.CountJobs(def));
        Assert.Equal(Enumerable.Range(0, plan.Jobs.Count), plan.Jobs.Select(j => j.JobId));
        Assert.All(plan.Jobs.Take(first), j => Assert.Equal(-1, j.InnerFold));
        var inner = plan.Jobs.Skip(first).ToList();
        // Ordered by trial, repeat, outer fold, inner fold, as the plan's doc says.
        Assert.Equal(inner.Select(j => (j.TrialIndex, j.Repeat, j.Fold, j.InnerFold)).Order(), inner.Select(j => (j.TrialIndex, j.Repeat, j.Fold, j.InnerFold)));
        var third = inner[(1 * 2 * 4 + 1 * 4 + 2) * 3 + 1];
        Assert.Equal((1, 1, 2, 1), (third.TrialIndex, third.Repeat, third.Fold, third.InnerFold));
        Assert.Equal("seed-cnn-2 | none, repeat 2, fold 3/4, inner fold 2/3", third.Describe());
        // Inner jobs carry no evaluation noise and train from a seed of their own, shared across trials.
        Assert.All(inner, j => Assert.Null(j.CrossNoise));
        Assert.Equal(SweepSeeds.InnerTrain(def.Seed, 1, 2, 1), third.TrainSeed);
        Assert.Equal(third.TrainSeed, inner.Single(j => (j.TrialIndex, j.Repeat, j.Fold, j.InnerFold) == (0, 1, 2, 1)).TrainSeed);
        // 24 inner seeds (repeats x outer folds x inner folds) and 8 outer ones, none the same.
        Assert.Equal(24 + 8, inner.Select(j => j.TrainSeed).Concat(plan.Jobs.Take(first).Select(j => j.TrainSeed)).Distinct().Count());
        // The outer jobs are exactly those of the same sweep without nesting: its table reads as the plain sweep's.
        var plain = SweepPlan.Create(def with { CrossValidation = def.CrossValidation with { InnerK = 0 } }, "n1", "sha256:abc", 28, 28);
        Assert.Equal(plain.Jobs.Select(j => (j.TrialIndex, j.Repeat, j.Fold, j.TrainSeed, j.NoiseSeed)),
            plan.Jobs.Take(first).Select(j => (j.TrialIndex, j.Repeat, j.Fold, j.TrainSeed, j.NoiseSeed)));
    }

    [Fact]
    public void The_job_limit_counts_inner_jobs_and_says_so()
    {
        var def = SweepYaml.Definition("architectures: [seed-mlp-1]\nfolds: {k: 5, inner_k: 3}\nhyperparameters: {learning_rate: [0.1, 0.01, 0.001, 0.0001]}\n");
        Assert.Equal(4 * 5 * 4, SweepPlan.CountJobs(def));
        Assert.Equal("sweep 'x' has 1 architecture x 1 noise setting x 4 hyperparameter combinations x 5 outer folds x (1 + 3 inner folds) = 80 jobs, more than the limit of 79; " +
                     "sweep fewer values or split it into several sweeps",
            SweepPlan.TooManyJobs(def, new SweepLimits(79, int.MaxValue)));
    }

    [Fact]
    public void A_definition_from_elsewhere_with_a_bad_inner_k_or_racing_is_refused_by_the_plan()
    {
        var def = SweepYaml.Definition(Nested);
        var one = Assert.Throws<InputException>(() => SweepPlan.TrialsOf(def with { CrossValidation = def.CrossValidation with { InnerK = 1 } }, 28, 28));
        Assert.Equal("folds.inner_k", one.Field);
    }
}
