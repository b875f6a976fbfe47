using System.Globalization;
using Crossfold.Core.Search;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Search;

public class RandomSearchTests
{
    private const string Space = """
        seed: 7
        search: {method: random, trials: 24}
        architectures: [seed-mlp-2, seed-cnn-2, seed-cnn-4]
        hyperparameters:
          learning_rate: {log_uniform: [0.0001, 0.01]}
          momentum: {uniform: [0.5, 0.95]}
          batch_size: {choice: [64, 100, 128]}
          epochs: {int_uniform: [5, 20]}
          early_stopping: {int_log_uniform: [1, 50]}
        """;

    private static IReadOnlyList<Trial> Trials(string yaml) => SweepPlan.TrialsOf(SweepYaml.Definition(yaml), 28, 28);

    [Fact]
    public void The_same_file_and_seed_draw_the_same_trials_and_another_seed_others()
    {
        var first = Trials(Space).Select(t => t.Label).ToList();
        Assert.Equal(first, Trials(Space).Select(t => t.Label).ToList());
        Assert.Equal(24, first.Count);
        Assert.Equal(24, first.Distinct().Count());
        var other = Trials(Space.Replace("seed: 7", "seed: 8")).Select(t => t.Label).ToList();
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Every_drawn_value_lies_in_its_range_and_is_what_the_label_says()
    {
        foreach (var trial in Trials(Space))
        {
            var s = trial.Training;
            Assert.InRange(s.LearningRate, 0.0001, 0.01);
            Assert.InRange(s.Momentum, 0.5, 0.95);
            Assert.Contains(s.BatchSize, new[] { 64, 100, 128 });
            Assert.InRange(s.Epochs, 5, 20);
            Assert.InRange(s.EarlyStoppingPatience, 1, 50);
            Assert.Contains($"learning_rate={s.LearningRate.ToString("R", CultureInfo.InvariantCulture)} ", trial.Hyperparameters);
            Assert.Contains($"epochs={s.Epochs} ", trial.Hyperparameters);
        }
    }

    [Fact]
    public void The_low_discrepancy_draws_spread_over_every_choice()
    {
        var trials = Trials(Space);
        // Independent draws would leave an architecture with 3 or fewer of 24 trials about 1 time in 20; the sequence keeps them even.
        Assert.All(trials.GroupBy(t => t.Architecture.Name), g => Assert.InRange(g.Count(), 6, 10));
        Assert.Equal(3, trials.Select(t => t.Architecture.Name).Distinct().Count());
        Assert.Equal(3, trials.Select(t => t.Training.BatchSize).Distinct().Count());
        // Learning rates spread over both decades of the log range.
        Assert.Contains(trials, t => t.Training.LearningRate < 0.001);
        Assert.Contains(trials, t => t.Training.LearningRate > 0.001);
    }

    [Fact]
    public void A_finite_space_is_filled_with_distinct_trials_and_jobs_are_trials_times_folds()
    {
        var definition = SweepYaml.Definition("""
            search: {method: random, trials: 6}
            folds: 3
            architectures: [seed-mlp-2, seed-cnn-2]
            hyperparameters: {batch_size: [64, 128, 256]}
            """);
        var plan = SweepPlan.Create(definition, "s", "sha256:x", 28, 28);
        Assert.Equal(6, plan.Trials.Select(t => t.Label).Distinct().Count());
        Assert.Equal(18, plan.Jobs.Count);
        Assert.Equal(18, SweepPlan.CountJobs(definition));
        Assert.Equal(Enumerable.Range(0, 6), plan.Trials.Select(t => t.Index));
    }

    [Fact]
    public void A_grid_with_search_section_runs_every_combination_as_before()
    {
        var trials = Trials("""
            search: {method: grid, max_trials: 4}
            architectures: [seed-mlp-2, seed-cnn-2]
            hyperparameters: {batch_size: {choice: [64, 128]}}
            """);
        Assert.Equal(["seed-mlp-2 | none | batch_size=64", "seed-mlp-2 | none | batch_size=128", "seed-cnn-2 | none | batch_size=64", "seed-cnn-2 | none | batch_size=128"],
            trials.Select(t => t.Label));
    }

    [Fact]
    public void Space_size_counts_lists_and_integer_ranges_and_is_unbounded_with_a_continuous_one()
    {
        Assert.Equal(2 * 16 * 3, RandomSearch.SpaceSize(SweepYaml.Definition("""
            search: {method: random, trials: 5}
            architectures: [seed-mlp-2, seed-cnn-2]
            hyperparameters: {epochs: {int_uniform: [5, 20]}, batch_size: [1, 2, 3]}
            """)));
        Assert.Null(RandomSearch.SpaceSize(SweepYaml.Definition(Space)));
    }
}
