using Crossfold.Core.Search;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Search;

/// <summary>Each bad search setting is one error naming the file, line, column and field.</summary>
public class SearchFileErrorTests
{
    private static string Error(string yaml) => Assert.Single(SweepYaml.Failure(yaml).Message.Split(Environment.NewLine));

    [Fact]
    public void An_unknown_distribution_is_named_with_the_closest_one() =>
        Assert.Equal("sweeps/x.yaml:4:19: hyperparameters.learning_rate.loguniform: unknown distribution 'loguniform'; did you mean 'log_uniform'? (expected one of: choice, uniform, log_uniform, int_uniform, int_log_uniform)",
            Error("""
                search: {method: random, trials: 5}
                architectures: [seed-mlp-2]
                hyperparameters:
                  learning_rate: {loguniform: [0.0001, 0.01]}
                """));

    [Fact]
    public void Low_must_be_below_high() =>
        Assert.Equal("sweeps/x.yaml:3:39: hyperparameters.momentum.uniform: low must be below high, got [0.9, 0.5]",
            Error("""
                search: {method: random, trials: 5}
                architectures: [seed-mlp-2]
                hyperparameters: {momentum: {uniform: [0.9, 0.5]}}
                """));

    [Fact]
    public void Log_distributions_need_positive_bounds() =>
        Assert.Equal("sweeps/x.yaml:3:47: hyperparameters.weight_decay.log_uniform: log_uniform needs positive bounds (it draws on a logarithmic scale), got [0, 0.01]",
            Error("""
                search: {method: random, trials: 5}
                architectures: [seed-mlp-2]
                hyperparameters: {weight_decay: {log_uniform: [0, 0.01]}}
                """));

    [Fact]
    public void Bounds_must_be_values_the_hyperparameter_accepts() =>
        Assert.Equal("sweeps/x.yaml:3:52: hyperparameters.augment_shift.int_uniform[1]: expected an integer from 0 to 4, got '9'",
            Error("""
                search: {method: random, trials: 5}
                architectures: [seed-mlp-2]
                hyperparameters: {augment_shift: {int_uniform: [0, 9]}}
                """));

    [Fact]
    public void An_integer_hyperparameter_refuses_a_continuous_distribution() =>
        Assert.Equal("sweeps/x.yaml:3:28: hyperparameters.epochs.uniform: epochs takes integers: use int_uniform or int_log_uniform",
            Error("""
                search: {method: random, trials: 5}
                architectures: [seed-mlp-2]
                hyperparameters: {epochs: {uniform: [2, 9]}}
                """));

    [Fact]
    public void A_distribution_under_a_grid_names_its_key() =>
        Assert.Equal("sweeps/x.yaml:3:18: hyperparameters.learning_rate: log_uniform is a distribution, which method: grid cannot enumerate; list the values to try, or set search.method: random",
            Error("""
                architectures: [seed-mlp-2]
                hyperparameters:
                  learning_rate: {log_uniform: [0.0001, 0.01]}
                """));

    [Fact]
    public void Random_search_needs_trials() =>
        Assert.Equal("sweeps/x.yaml:1:10: search.trials: required with method: random: how many trials to draw, e.g. trials: 20",
            Error("""
                search: {method: random}
                architectures: [seed-mlp-2]
                """));

    [Fact]
    public void Trials_belong_to_random_search() =>
        Assert.Equal("sweeps/x.yaml:1:24: search.trials: applies to method: random or tpe only; a grid runs every combination (limit it with max_trials)",
            Error("""
                search: {method: grid, trials: 4}
                architectures: [seed-mlp-2]
                """));

    [Fact]
    public void Tpe_needs_trials_takes_a_batch_no_larger_than_them_and_runs_without_nesting()
    {
        Assert.Equal("sweeps/x.yaml:1:10: search.trials: required with method: tpe: how many trials to draw, e.g. trials: 20",
            Error("search: {method: tpe}\narchitectures: [seed-mlp-2]\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n"));
        Assert.Equal("sweeps/x.yaml:1:34: search.batch: 6 is more than the 4 trials; use at most 4",
            Error("search: {method: tpe, trials: 4, batch: 6}\narchitectures: [seed-mlp-2]\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n"));
        Assert.Equal("sweeps/x.yaml:1:37: search.batch: applies to method: tpe only (the trials it proposes per round)",
            Error("search: {method: random, trials: 4, batch: 2}\narchitectures: [seed-mlp-2]\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n"));
        Assert.Contains("search.method: tpe cannot run with nested cross-validation",
            Error("search: {method: tpe, trials: 4}\nfolds: {k: 3, inner_k: 2}\narchitectures: [seed-mlp-2]\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n"));
        var search = SweepYaml.Definition("search: {method: tpe, trials: 20}\narchitectures: [seed-mlp-2]\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n").Search!;
        Assert.Equal((SearchMethod.Tpe, 20, 8, 8), (search.Method, search.Trials, search.Batch, search.FirstRound));
        Assert.Equal(3, SweepYaml.Definition("search: {method: tpe, trials: 3}\narchitectures: [seed-mlp-2]\nhyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}\n").Search!.Batch);
    }

    [Fact]
    public void A_space_smaller_than_the_trials_asked_for_is_refused() =>
        Assert.Equal("sweeps/x.yaml:1:26: search.trials: random search asks for 5 trials, but the architectures, noise settings and hyperparameters make only 4 distinct trials; ask for at most that many, or use method: grid to run them all",
            Error("""
                search: {method: random, trials: 5}
                architectures: [seed-mlp-2, seed-cnn-2]
                hyperparameters: {batch_size: [64, 128]}
                """));

    [Fact]
    public void More_trials_than_max_trials_are_refused() =>
        Assert.Equal("sweeps/x.yaml:1:24: search.max_trials: the sweep has 4 trials, more than max_trials 3; list fewer values or raise the limit",
            Error("""
                search: {method: grid, max_trials: 3}
                architectures: [seed-mlp-2, seed-cnn-2]
                hyperparameters: {batch_size: [64, 128]}
                """));

    [Fact]
    public void Racing_needs_three_folds() =>
        Assert.Equal("sweeps/x.yaml:1:10: search.racing: needs at least 3 folds (folds is 2): two folds leave the test nothing to compare",
            Error("""
                search: {racing: {alpha: 0.05}}
                folds: 2
                architectures: [seed-mlp-2]
                """));

    [Fact]
    public void Racing_cannot_start_after_the_last_fold() =>
        Assert.Equal("sweeps/x.yaml:1:30: search.racing.min_folds: 6 is more than the 5 folds; use at most 5",
            Error("""
                search: {racing: {min_folds: 6}}
                folds: 5
                architectures: [seed-mlp-2]
                """));

    [Fact]
    public void Racing_alpha_is_a_probability() =>
        Assert.Equal("sweeps/x.yaml:1:26: search.racing.alpha: expected a number above 0 and at most 0.5 (the significance level of the one-sided test), got '0.6'",
            Error("""
                search: {racing: {alpha: 0.6}}
                architectures: [seed-mlp-2]
                """));

    [Fact]
    public void Search_settings_reach_the_definition_and_a_file_without_them_is_unchanged()
    {
        var definition = SweepYaml.Definition("""
            search: {method: random, trials: 12, max_trials: 20, racing: {alpha: 0.1, min_folds: 2}}
            architectures: [seed-mlp-2]
            hyperparameters: {learning_rate: {log_uniform: [0.0001, 0.01]}}
            """);
        Assert.Equal(new SearchSpec(SearchMethod.Random, 12, 20, new RacingSpec(0.1, 2)), definition.Search);
        Assert.Equal(new Distribution(DistributionKind.LogUniform, 0.0001, 0.01), definition.Hyperparameters.Single().Distribution);
        Assert.Null(SweepYaml.Definition("architectures: [seed-mlp-2]").Search);
        Assert.Equal(new RacingSpec(0.05, 3), SweepYaml.Definition("search: {racing: {}}\narchitectures: [seed-mlp-2]").Search!.Racing);
    }
}
