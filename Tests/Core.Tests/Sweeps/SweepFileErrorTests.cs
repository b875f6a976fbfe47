using Crossfold.Core.Sweeps;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

public class SweepFileErrorTests
{
    private static void Is(SweepError error, string path, int line, int column, string message)
    {
        Assert.Equal(path, error.Path);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_per_line_in_file_order()
    {
        var e = SweepYaml.Failure("""
            name: x
            training:
              epochs: ten
              batchsize: 100
            folds: 1
            """);
        Assert.IsAssignableFrom<InputException>(e);
        Assert.Equal(
            [
                "sweeps/x.yaml:1:1: architectures: required: list at least one architecture (a preset such as seed-cnn-5, a family, or layers)",
                "sweeps/x.yaml:3:11: training.epochs: expected a positive integer, got 'ten'",
                "sweeps/x.yaml:4:3: training.batchsize: unknown key 'batchsize'; did you mean 'batch_size'?",
                "sweeps/x.yaml:5:8: folds: expected an integer of at least 2 (the number of folds), got '1'",
            ], e.Message.Split(Environment.NewLine));
        Assert.Equal(4, e.Errors.Count);
        Assert.Equal("sweeps/x.yaml", e.File);
    }

    [Fact]
    public void Malformed_yaml_is_one_error_at_the_parsers_position()
    {
        var error = SweepYaml.Error("architectures: [seed-mlp-1]\ntraining:\n  epochs: 3\n   batch_size: 10\n");
        Assert.Equal(("", 4, 14), (error.Path, error.Line, error.Column));
        Assert.StartsWith("malformed YAML: ", error.Message);
    }

    [Fact]
    public void Unclosed_bracket_still_gets_a_position() =>
        Is(SweepYaml.Error("architectures: [seed-mlp-1, seed-mlp-2\nfolds: 3\n"), "", 2, 1, "malformed YAML: is a bracket, brace or quote left open?");

    [Fact]
    public void Malformed_json_is_reported_like_yaml() => // at the brace that should have been a bracket
        Assert.Equal((2, 32), (SweepYaml.Error("{\"name\": \"x\",\n \"architectures\": [\"seed-mlp-1\"}\n") is var e ? (e.Line, e.Column) : default));

    [Fact]
    public void Empty_file_and_two_documents()
    {
        Is(SweepYaml.Error("# nothing yet\n"), "", 1, 1, "the sweep file is empty; it needs at least architectures: [...]");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\n---\narchitectures: [seed-mlp-2]\n"), "", 3, 1, "expected one sweep per file, found a second document (---)");
    }

    [Fact]
    public void Duplicate_keys_are_malformed() =>
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nseed: 1\nseed: 2\n"), "", 3, 1, "malformed YAML: Duplicate key seed");

    [Fact]
    public void Unknown_key_suggests_the_closest()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining:\n  batchsize: 64\n"), "training.batchsize", 3, 3, "unknown key 'batchsize'; did you mean 'batch_size'?");
        Is(SweepYaml.Error("architecture: [seed-mlp-1]\narchitectures: [seed-mlp-1]\n"), "architecture", 1, 1, "unknown key 'architecture'; did you mean 'architectures'?");
    }

    [Fact]
    public void Unknown_key_far_from_any_lists_the_known_ones() =>
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nfolds: {k: 5, shuffle: true}\n"), "folds.shuffle", 2, 15, "unknown key 'shuffle' (expected one of: k, stratified, repeats, inner_k)");

    [Fact]
    public void Wrong_types_name_what_was_expected()
    {
        Is(SweepYaml.Error("architectures: seed-mlp-1\n"), "architectures", 1, 16, "expected a list of architectures, got 'seed-mlp-1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: [3]\n"), "training", 2, 11, "expected a mapping, got a list");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nrefit: yes\n"), "refit", 2, 8, "expected true or false, got 'yes'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nseed: -1\n"), "seed", 2, 7, "expected a non-negative integer, got '-1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {learning_rate: {x: 1}}\n"), "training.learning_rate", 2, 27, "expected a positive number, got a mapping");
        Is(SweepYaml.Error("architectures: [{name: m, family: mlp, hidden: 128}]\n"), "architectures[0].hidden", 1, 48, "expected a list of positive integers like [128, 64], got '128'");
        Is(SweepYaml.Error("- architectures\n"), "", 1, 1, "expected a mapping of sweep settings (name, dataset, noise, folds, architectures, training, ...), got a list");
    }

    [Fact]
    public void Values_out_of_range()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {optimizer: adamw}\n"), "training.optimizer", 2, 23, "expected one of adam, rmsprop, sgd, got 'adamw'; did you mean 'adam'?");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {momentum: 1}\n"), "training.momentum", 2, 22, "expected a number in [0, 1), got '1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {augment: {shift: 5}}\n"), "training.augment.shift", 2, 29, "expected an integer from 0 to 4, got '5'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {early_stopping: {restore_best_weights: true}}\n"), "training.early_stopping.patience", 2, 28,
            "required: a non-negative integer (patience in epochs, 0 = off)");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ndataset: {source: mnist-t10k, limit: 0}\n"), "dataset.limit", 2, 38, "expected a positive integer (the number of images to keep), got '0'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {validation_split: 1}\n"), "training.validation_split", 2, 30, "expected a number in [0, 1), got '1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {batch_norm: {momentum: 1.5}}\n"), "training.batch_norm.momentum", 2, 35, "expected a number in [0, 1), got '1.5'");
    }

    [Fact]
    public void Early_stopping_without_a_validation_split_is_refused_it_would_have_to_choose_on_the_test_fold()
    {
        var error = SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {early_stopping: 3, validation_split: 0}\n");
        Assert.Equal("training.validation_split", error.Path);
        Assert.Equal(2, error.Line);
        Assert.Contains("early stopping needs a validation split", error.Message);
        Assert.Contains("the test fold never chooses", error.Message);
    }

    [Fact]
    public void Missing_architectures()
    {
        Is(SweepYaml.Error("name: x\nfolds: 5\n"), "architectures", 1, 1, "required: list at least one architecture (a preset such as seed-cnn-5, a family, or layers)");
        Is(SweepYaml.Error("architectures: []\n"), "architectures", 1, 16, "expected at least one architecture");
        Assert.Equal((2, 1), SweepYaml.Error("name: x\narchitectures:\n") is var e ? (e.Line, e.Column) : default); // at the empty key
    }

    [Fact]
    public void Fewer_than_two_folds()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nfolds: 1\n"), "folds", 2, 8, "expected an integer of at least 2 (the number of folds), got '1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nfolds: {k: 0}\n"), "folds.k", 2, 12, "expected an integer of at least 2 (the number of folds), got '0'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nfolds: {stratified: true}\n"), "folds.k", 2, 8, "required: an integer of at least 2 (the number of folds)");
    }

    [Fact]
    public void More_folds_than_images() =>
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ndataset: {source: mnist-t10k, limit: 3}\nfolds: 5\n"), "folds", 3, 1, "5 folds need at least 5 images, but dataset.limit is 3");

    [Fact]
    public void Unknown_architecture()
    {
        var error = SweepYaml.Error("architectures:\n  - seed-mlp-1\n  - seed-cnn5\n");
        Assert.Equal(("architectures[1]", 3, 5), (error.Path, error.Line, error.Column));
        Assert.StartsWith("unknown architecture 'seed-cnn5'; did you mean 'seed-cnn-5'? (presets: seed-mlp-1,", error.Message);
    }

    [Fact]
    public void Unknown_family_and_missing_family_fields()
    {
        Is(SweepYaml.Error("architectures: [{name: a, family: cnnn, conv: [8]}]\n"), "architectures[0].family", 1, 35, "unknown family 'cnnn'; did you mean 'cnn'? (expected one of mlp, cnn, resnet, densenet)");
        Is(SweepYaml.Error("architectures: [{name: a, family: cnn}]\n"), "architectures[0].conv", 1, 17, "required for family cnn: a list of positive integers like [128, 64]");
        Is(SweepYaml.Error("architectures: [{name: a, family: mlp, conv: [8], hidden: [8]}]\n"), "architectures[0].conv", 1, 40, "unknown key 'conv' (expected one of: name, family, layers, hidden, dropout)");
        Is(SweepYaml.Error("architectures: [{family: mlp, hidden: [8]}]\n"), "architectures[0].name", 1, 17, "required: a name for the reports");
        Is(SweepYaml.Error("architectures: [{name: a}]\n"), "architectures[0]", 1, 17, "needs family (mlp, cnn, resnet, densenet) or layers: [...]");
        Is(SweepYaml.Error("architectures:\n  - name: a\n    layers:\n"), "architectures[0].layers", 3, 12, "expected a list of layers like [conv 32 same, pool 2, dense 128], got nothing");
        Is(SweepYaml.Error("architectures:\n  - name: a\n    family:\n"), "architectures[0].family", 3, 12, "expected one of mlp, cnn, resnet, densenet, got nothing");
        Is(SweepYaml.Error("architectures: [{name: a, family: mlp, hidden: [8], layers: [dense 8]}]\n"), "architectures[0].layers", 1, 53, "give either family or layers, not both");
        Is(SweepYaml.Error("architectures: [{name: a, family: cnn, conv: [8], kernel: 4}]\n"), "architectures[0].kernel", 1, 59, "expected a positive odd integer, got '4'");
        Is(SweepYaml.Error("architectures: [{name: a, family: cnn, conv: [8], padding: full}]\n"), "architectures[0].padding", 1, 60, "unknown padding 'full' (expected one of same, valid)");
        Is(SweepYaml.Error("architectures: [{name: a, family: mlp, hidden: [8, 0]}]\n"), "architectures[0].hidden[1]", 1, 52, "expected a positive integer, got '0'");
    }

    [Fact]
    public void Noise_redraw_must_be_a_known_word_and_one_choice_for_the_sweep()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: {kind: gaussian, sigma: 0.5, redraw: per_fold}\n"), "noise.redraw", 2, 45,
            "unknown redraw 'per_fold' (expected one of per_sweep, per_repeat)");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise:\n  - {kind: none, redraw: per_repeat}\n  - {kind: gaussian, sigma: 0.5, redraw: per_sweep}\n"),
            "noise[1].redraw", 4, 42, "per_sweep disagrees with noise[0].redraw: per_repeat (how often noise is drawn is one choice for the whole sweep)");
    }

    [Fact]
    public void Training_option_values_out_of_range_name_the_key()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {lr_schedule: cosin}\n"), "training.lr_schedule", 2, 25,
            "expected one of constant, step, cosine, one_cycle, got 'cosin'; did you mean 'cosine'?");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {label_smoothing: 1}\n"), "training.label_smoothing", 2, 29, "expected a number in [0, 1), got '1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {lr_gamma: 0}\n"), "training.lr_gamma", 2, 22, "expected a number in (0, 1], got '0'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {gradient_clip: -1}\n"), "training.gradient_clip", 2, 27,
            "expected a non-negative number (the largest gradient norm, 0 = off), got '-1'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {augment: {cutout: 20}}\n"), "training.augment.cutout", 2, 30,
            "expected an integer from 0 to 16, got '20'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {augment: {mixup: 2}}\n"), "training.augment.mixup", 2, 29,
            "expected a number from 0 (off) to 1 (the α of Beta(α, α)), got '2'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {augment: {rotate: 200}}\n"), "training.augment.rotate", 2, 30,
            "expected a number of degrees from 0 to 180, got '200'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {augment: {elastic: 34, elastic_sigma: 0.5}}\n"), "training.augment.elastic_sigma", 2, 50,
            "expected a number from 1 to 10 (the smoothing σ in pixels), got '0.5'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ntraining: {augment: {rotation: 10}}\n"), "training.augment.rotation", 2, 22,
            "unknown key 'rotation' (expected one of: shift, cutout, mixup, cutmix, rotate, scale, translate, elastic, elastic_sigma)");
    }

    [Fact]
    public void Unknown_noise_kind()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise:\n  - {kind: gausian, sigma: 0.5}\n"), "noise[0].kind", 3, 12,
            "unknown noise kind 'gausian'; did you mean 'gaussian'? (expected one of none, gaussian, salt-and-pepper, speckle, uniform)");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: gaussian\n"), "noise", 2, 8, "unknown noise setting 'gaussian' (expected one of none)");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: {sigma: 0.5}\n"), "noise.kind", 2, 8, "required: one of none, gaussian, salt-and-pepper, speckle, uniform");
    }

    [Fact]
    public void Noise_parameter_must_fit_its_kind()
    {
        var errors = SweepYaml.Failure("architectures: [seed-mlp-1]\nnoise: {kind: gaussian, fraction: 0.5}\n").Errors;
        Is(errors[0], "noise.sigma", 2, 8, "required for gaussian noise");
        Is(errors[1], "noise.fraction", 2, 25, "unknown key 'fraction' (expected one of: kind, sigma, redraw)");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: {kind: uniform}\n"), "noise.amplitude", 2, 8, "required for uniform noise");
    }

    [Fact]
    public void Negative_sigma()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: [{kind: gaussian, sigma: -0.5}]\n"), "noise[0].sigma", 2, 33, "expected a non-negative number, got '-0.5'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: {kind: speckle, sigma: [0.1, -1]}\n"), "noise.sigma[1]", 2, 37, "expected a non-negative number, got '-1'");
    }

    [Fact]
    public void Fraction_above_one() =>
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise:\n  - none\n  - {kind: salt-and-pepper, fraction: 1.5}\n"), "noise[1].fraction", 4, 39, "expected a fraction from 0 to 1, got '1.5'");

    [Fact]
    public void Noise_settings_with_one_label()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: [none, {kind: none}]\n"), "noise[1]", 2, 15, "'none' is already at noise[0]");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nnoise: {kind: gaussian, sigma: [0.5, 0.5001]}\n"), "noise.sigma[1]", 2, 38, "'gaussian sigma=0.5' is already at noise.sigma[0]");
    }

    [Fact]
    public void Duplicate_architecture_names()
    {
        Is(SweepYaml.Error("architectures:\n  - {name: net, family: mlp, hidden: [8]}\n  - {name: NET, layers: [dense 8]}\n"), "architectures[1]", 3, 5,
            "duplicate architecture name 'NET' (also architectures[0])");
        Is(SweepYaml.Error("architectures: [seed-cnn-5, seed-cnn-5]\n"), "architectures[1]", 1, 29, "duplicate architecture name 'seed-cnn-5' (also architectures[0])");
    }

    [Fact]
    public void Bad_layer_token_is_reported_on_its_own_line()
    {
        var errors = SweepYaml.Failure("architectures:\n  - name: custom\n    layers:\n      - conv 32 same\n      - pool 2x\n      - dense 128\n      - dropuot 0.3\n").Errors;
        Assert.Equal(2, errors.Count);
        Is(errors[0], "architectures[0].layers[1]", 5, 9, "layer 'pool 2x': expected the pool window as an integer, got '2x'");
        Is(errors[1], "architectures[0].layers[3]", 7, 9, "layer 'dropuot 0.3': unknown layer 'dropuot'; did you mean 'dropout'? (expected one of dense, conv, pool, dropout, residual, preact, gap, dense_block, transition)");
    }

    [Fact]
    public void Impossible_architecture_is_reported_at_the_architecture() =>
        Is(SweepYaml.Error("architectures:\n  - seed-mlp-1\n  - {name: deep, family: cnn, conv: [8, 8, 8, 8, 8]}\n"), "architectures[1]", 3, 5,
            "architecture 'deep': layer 10 (MaxPool 2) needs at least 2x2 input, got 1x1");

    [Fact]
    public void Impossible_layer_list_is_reported_at_the_architecture() =>
        Is(SweepYaml.Error("architectures:\n  - name: flat\n    layers: [dense 64, conv 8]\n"), "architectures[0]", 2, 5,
            "architecture 'flat': layer 2 (Conv 8 (3x3)) needs an image input, but layer 1 (Dense 64) already flattened it to 64 features");

    [Fact]
    public void Refit_without_a_test_split()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nrefit: true\n"), "refit", 2, 1,
            "needs a held-out test split, but dataset mnist-t10k has none: use a source directory with the four MNIST files, or add test_images and test_labels");
        Assert.Equal("refit", SweepYaml.Error("architectures: [seed-mlp-1]\ndataset: {images: a.npy, labels: b.npy}\nrefit: true\n").Path);
        Assert.True(SweepYaml.Definition("architectures: [seed-mlp-1]\ndataset: ../data/mnist-full\nrefit: true\n").Refit);
    }

    [Fact]
    public void Dataset_problems()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ndataset: mnist-t10\n"), "dataset", 2, 10, "unknown dataset 'mnist-t10'; did you mean 'mnist-t10k'? (write ./mnist-t10 for a directory of that name)");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ndataset: {images: a.npy}\n"), "dataset.labels", 2, 10, "required with images");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\ndataset: {source: d, images: a.npy}\n"), "dataset.images", 2, 22, "give either source or images and labels, not both");
        var both = SweepYaml.Failure("architectures: [seed-mlp-1]\ndataset: {source: d, test_images: a.npy, test_labels: b.npy}\n").Errors;
        Assert.Equal(["dataset.test_images", "dataset.test_labels"], both.Select(e => e.Path));
        Is(both[0], "dataset.test_images", 2, 22, "only with images and labels (a source brings its own test split, or none)");
    }

    [Fact]
    public void Hyperparameter_problems()
    {
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nhyperparameters: {learning_rates: [0.1]}\n"), "hyperparameters.learning_rates", 2, 19, "unknown key 'learning_rates'; did you mean 'learning_rate'?");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nhyperparameters: {batch_size: 64}\n"), "hyperparameters.batch_size", 2, 31, "expected a list of values, e.g. batch_size: [a, b], got '64'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nhyperparameters: {batch_size: []}\n"), "hyperparameters.batch_size", 2, 31, "expected a non-empty list of values");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nhyperparameters: {batch_size: [64, 0]}\n"), "hyperparameters.batch_size[1]", 2, 36, "expected a positive integer, got '0'");
        Is(SweepYaml.Error("architectures: [seed-mlp-1]\nhyperparameters: {learning_rate: [0.001, 1e-3]}\n"), "hyperparameters.learning_rate[1]", 2, 42, "'1e-3' is the same value as hyperparameters.learning_rate[0]");
    }

    [Fact]
    public void Too_many_jobs()
    {
        string values = string.Join(", ", Enumerable.Range(1, 200));
        var error = SweepYaml.Error($"architectures: [seed-mlp-1, seed-mlp-2]\nfolds: 10\nhyperparameters: {{epochs: [{values}], batch_size: [{values}]}}\n");
        Is(error, "", 1, 1, "sweep 'x' has 2 architectures x 1 noise setting x 40,000 hyperparameter combinations x 10 folds = 800,000 jobs, " +
            "more than the limit of 100,000; sweep fewer values or split it into several sweeps");
    }
}
