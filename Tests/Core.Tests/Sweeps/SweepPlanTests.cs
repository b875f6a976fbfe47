using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Randomness;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

public class SweepPlanTests
{
    private static readonly ArchitectureSpec Mlp = Presets.Get("seed-mlp-1");   // prefers RMSprop
    private static readonly ArchitectureSpec Cnn = Presets.Get("seed-cnn-2");   // prefers Adam
    private static readonly ArchitectureSpec Custom = ArchitectureFamilies.Mlp("custom", [32]); // no preference

    private static SweepDefinition Sweep(ArchitectureSpec[]? architectures = null, NoiseSpec[]? noise = null, HyperparameterAxis[]? grid = null,
        CrossValidationSpec? cv = null, TrainingSettings? training = null, bool explicitOptimizer = false, ulong seed = 42) =>
        new("s", seed, DatasetSpec.Embedded(), noise ?? [NoiseSpec.Clean], cv ?? new CrossValidationSpec(3), architectures ?? [Mlp, Cnn],
            training ?? new TrainingSettings(), grid ?? [], ExplicitOptimizer: explicitOptimizer);

    private static SweepPlan Plan(SweepDefinition definition) => SweepPlan.Create(definition, "sweep-1", "sha256:abc", 28, 28);

    [Fact]
    public void Trials_nest_architecture_then_noise_then_hyperparameters()
    {
        var plan = Plan(Sweep(noise: [NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.5)],
            grid: [new("learning_rate", ["0.001", "0.0003"]), new("batch_size", ["64", "128", "256"])]));
        Assert.Equal(2 * 2 * 2 * 3, plan.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 24), plan.Trials.Select(t => t.Index));
        Assert.Equal("seed-mlp-1 | none | learning_rate=0.001 batch_size=64", plan.Trials[0].Label);
        Assert.Equal("seed-mlp-1 | none | learning_rate=0.001 batch_size=128", plan.Trials[1].Label);
        Assert.Equal("seed-mlp-1 | none | learning_rate=0.0003 batch_size=64", plan.Trials[3].Label);
        Assert.Equal("seed-mlp-1 | gaussian sigma=0.5 | learning_rate=0.001 batch_size=64", plan.Trials[6].Label);
        Assert.Equal("seed-cnn-2 | none | learning_rate=0.001 batch_size=64", plan.Trials[12].Label);
        Assert.Equal((0.0003, 256), (plan.Trials[23].Training.LearningRate, plan.Trials[23].Training.BatchSize));
        Assert.Equal(plan.Trials.Count, plan.Trials.Select(t => t.Label).Distinct().Count());
    }

    [Fact]
    public void Without_a_grid_trials_have_no_hyperparameter_text()
    {
        var plan = Plan(Sweep());
        Assert.Equal(["", ""], plan.Trials.Select(t => t.Hyperparameters));
        Assert.Equal("seed-cnn-2 | none", plan.Trials[1].Label);
    }

    [Fact]
    public void Jobs_are_numbered_trial_then_repeat_then_fold()
    {
        var plan = Plan(Sweep(cv: new CrossValidationSpec(4, Repeats: 3)));
        Assert.Equal(12, plan.JobsPerTrial);
        Assert.Equal(2 * 3 * 4, plan.Jobs.Count);
        for (int i = 0; i < plan.Jobs.Count; i++)
        {
            var job = plan.Jobs[i];
            Assert.Equal(i, job.JobId);
            Assert.Equal(job.TrialIndex * 12 + job.Repeat * 4 + job.Fold, job.JobId);
            Assert.Equal(plan.Trials[job.TrialIndex].Label, job.TrialLabel);
            Assert.Equal(plan.Trials[job.TrialIndex].Training, job.Training);
            Assert.Equal(("sweep-1", "sha256:abc"), (job.SweepId, job.DatasetFingerprint));
        }
        Assert.Equal((1, 2, 3), (plan.Jobs[23].TrialIndex, plan.Jobs[23].Repeat, plan.Jobs[23].Fold));
    }

    [Fact]
    public void Seeds_derive_from_the_sweep_seed_and_are_shared_where_trials_must_agree()
    {
        var plan = Plan(Sweep(noise: [NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.5)], cv: new CrossValidationSpec(3, Repeats: 2), seed: 7));
        Assert.All(plan.Jobs, j => Assert.Equal(CounterRandom.Derive(7, "noise"), j.NoiseSeed));
        Assert.All(plan.Jobs, j => Assert.Equal(CounterRandom.Derive(7, "folds"), j.FoldSeed));
        Assert.All(plan.Jobs, j => Assert.Equal(CounterRandom.Derive(7, "train", (ulong)j.Repeat, (ulong)j.Fold), j.TrainSeed));
        Assert.Equal(6, plan.Jobs.Select(j => j.TrainSeed).Distinct().Count()); // one per (repeat, fold), whatever the trial
        Assert.NotEqual(plan.Jobs[0].NoiseSeed, Plan(Sweep(seed: 8)).Jobs[0].NoiseSeed);
    }

    [Fact]
    public void Noise_drawn_per_repeat_differs_between_repeats_and_is_shared_within_one()
    {
        var cv = new CrossValidationSpec(3, Repeats: 3);
        var plan = Plan(Sweep(noise: [NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.5)], cv: cv, seed: 7) with { NoiseRedraw = NoiseRedraw.PerRepeat });

        var seedOfRepeat = plan.Jobs.GroupBy(j => j.Repeat).ToDictionary(g => g.Key, g => g.Select(j => j.NoiseSeed).Distinct().Single());
        Assert.Equal(3, seedOfRepeat.Values.Distinct().Count());
        Assert.Equal(CounterRandom.Derive(7, "noise"), seedOfRepeat[0]); // repeat 0 keeps the sweep's draw
        Assert.Equal(CounterRandom.Derive(7, "noise", 2), seedOfRepeat[2]);
        // Per sweep (the default), every repeat sees the same noise.
        Assert.Single(Plan(Sweep(cv: cv, seed: 7)).Jobs.Select(j => j.NoiseSeed).Distinct());
    }

    [Fact]
    public void Optimizer_comes_from_the_preset_unless_the_sweep_names_one()
    {
        var plan = Plan(Sweep([Mlp, Cnn, Custom]));
        Assert.Equal([OptimizerKind.RmsProp, OptimizerKind.Adam, OptimizerKind.Adam], plan.Trials.Select(t => t.Training.Optimizer));

        var sgd = Plan(Sweep([Mlp, Cnn, Custom], training: new TrainingSettings(Optimizer: OptimizerKind.Sgd), explicitOptimizer: true));
        Assert.All(sgd.Trials, t => Assert.Equal(OptimizerKind.Sgd, t.Training.Optimizer));
    }

    [Fact]
    public void An_optimizer_axis_wins_over_everything()
    {
        var plan = Plan(Sweep([Mlp], grid: [new("optimizer", ["adam", "sgd"])], training: new TrainingSettings(Optimizer: OptimizerKind.RmsProp), explicitOptimizer: true));
        Assert.Equal([OptimizerKind.Adam, OptimizerKind.Sgd], plan.Trials.Select(t => t.Training.Optimizer));
    }

    [Fact]
    public void Hyperparameters_override_training_and_keep_the_rest()
    {
        var training = new TrainingSettings(Epochs: 7, BatchSize: 50, LearningRate: 0.01, AugmentShift: 1);
        var plan = Plan(Sweep([Custom], training: training,
            grid: [new("epochs", ["3"]), new("momentum", ["0.5"]), new("weight_decay", ["0.01"]), new("early_stopping", ["4"]), new("augment_shift", ["2"])]));
        Assert.Equal(training with { Epochs = 3, Momentum = 0.5, WeightDecay = 0.01, EarlyStoppingPatience = 4, AugmentShift = 2 }, Assert.Single(plan.Trials).Training);
    }

    [Fact]
    public void Same_definition_gives_the_same_plan() =>
        Assert.Equal(Plan(Sweep()).Jobs, Plan(Sweep()).Jobs);

    [Fact]
    public void Architectures_are_checked_against_the_real_image_size()
    {
        var e = Assert.Throws<InputException>(() => SweepPlan.Create(Sweep([Presets.Get("seed-cnn-2")]), "s", "f", 12, 12));
        Assert.Equal("sweep 's': architecture 'seed-cnn-2': layer 3 (Conv 16 (5x5)) needs at least 5x5 input, got 4x4 (this dataset's images are 12x12)", e.Message);
    }

    [Fact]
    public void More_than_100000_jobs_are_refused_by_default_and_a_coordinator_names_its_option()
    {
        var grid = new HyperparameterAxis[] { new("epochs", [.. Enumerable.Range(1, 100).Select(i => $"{i}")]), new("batch_size", [.. Enumerable.Range(1, 101).Select(i => $"{i}")]) };
        var sweep = Sweep(grid: grid, cv: new CrossValidationSpec(5));
        Assert.Equal(100 * 101 * 2 * 5, SweepPlan.CountJobs(sweep));
        Assert.Contains("= 101,000 jobs, more than the limit of 100,000; ", SweepPlan.TooManyJobs(sweep));
        Assert.Null(SweepPlan.TooManyJobs(Sweep(grid: grid[..1], cv: new CrossValidationSpec(5))));
        Assert.Contains("= 101,000 jobs, more than the limit of 50,000 (--max-jobs-per-sweep); ", SweepPlan.TooManyJobs(sweep, new SweepLimits(50_000, 10, NameOptions: true)));
        Assert.Null(SweepPlan.TooManyJobs(sweep, new SweepLimits(200_000, 10)));
    }

    [Fact]
    public void The_planner_itself_refuses_only_beyond_the_ceiling()
    {
        var wide = new HyperparameterAxis[] { new("epochs", [.. Enumerable.Range(1, 1001).Select(i => $"{i}")]), new("batch_size", [.. Enumerable.Range(1, 1000).Select(i => $"{i}")]) };
        var e = Assert.Throws<InputException>(() => Plan(Sweep(grid: wide, cv: new CrossValidationSpec(2))));
        Assert.Contains("more than the limit of 1,000,000", e.Message);
    }

    [Fact]
    public void Duplicate_labels_are_refused() =>
        Assert.Contains("2 trials share the label 'seed-mlp-1 | none'",
            Assert.Throws<InputException>(() => Plan(Sweep([Mlp, Mlp]))).Message);

    [Fact]
    public void Bad_grid_values_are_refused() =>
        Assert.Equal("batch_size: expected a positive integer, got 'big'",
            Assert.Throws<InputException>(() => Plan(Sweep(grid: [new("batch_size", ["big"])]))).Message);

    [Fact]
    public void A_parsed_file_plans_as_expected()
    {
        var definition = SweepYaml.Definition("""
            architectures: [seed-mlp-1, seed-cnn-2]
            noise: {kind: gaussian, sigma: [0.25, 0.5]}
            folds: 5
            hyperparameters: {learning_rate: [0.001, 0.0003]}
            """);
        var plan = Plan(definition);
        Assert.Equal(2 * 2 * 2, plan.Trials.Count);
        Assert.Equal(8 * 5, plan.Jobs.Count);
        Assert.Equal("seed-cnn-2 | gaussian sigma=0.5 | learning_rate=0.0003", plan.Trials[^1].Label);
    }
}
