using Crossfold.Core;
using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

public class SweepFileParserTests
{
    private const string Full = """
        name: quick
        seed: 7
        dataset:
          images: data/train-images.npy
          labels: data/train-labels.npy
          test_images: data/test-images.npy
          test_labels: data/test-labels.npy
          limit: 2000
        noise:
          - {kind: gaussian, sigma: 0.5}
          - {kind: salt-and-pepper, fraction: 0.1}
          - {kind: speckle, sigma: [0.1, 0.2]}
          - {kind: uniform, amplitude: 0.3}
          - none
        folds: {k: 4, stratified: false, repeats: 2}
        architectures:
          - seed-cnn-5
          - {name: small-cnn, family: cnn, conv: [32, 64], kernel: 3, padding: same, pool: true, batch_norm: false, dense: [128], dropout: 0.3}
          - {name: wide-mlp, family: mlp, hidden: [512, 256], dropout: 0.2}
          - {name: res, family: resnet, blocks: [2, 2], width: 16}
          - {name: custom, layers: [conv 32 same, pool 2, dense 128, dropout 0.3]}
        training:
          epochs: 3
          batch_size: 100
          optimizer: sgd
          learning_rate: 0.01
          momentum: 0.8
          weight_decay: 0.0001
          early_stopping: {patience: 3, restore_best_weights: false}
          augment: {shift: 2}
        hyperparameters:
          learning_rate: [0.001, 0.0003]
          batch_size: [64, 128]
        refit: true
        """;

    private const string FullJson = """
        {
          "name": "quick",
          "seed": 7,
          "dataset": {
            "images": "data/train-images.npy", "labels": "data/train-labels.npy",
            "test_images": "data/test-images.npy", "test_labels": "data/test-labels.npy",
            "limit": 2000
          },
          "noise": [
            {"kind": "gaussian", "sigma": 0.5},
            {"kind": "salt-and-pepper", "fraction": 0.1},
            {"kind": "speckle", "sigma": [0.1, 0.2]},
            {"kind": "uniform", "amplitude": 0.3},
            "none"
          ],
          "folds": {"k": 4, "stratified": false, "repeats": 2},
          "architectures": [
            "seed-cnn-5",
            {"name": "small-cnn", "family": "cnn", "conv": [32, 64], "kernel": 3, "padding": "same", "pool": true,
             "batch_norm": false, "dense": [128], "dropout": 0.3},
            {"name": "wide-mlp", "family": "mlp", "hidden": [512, 256], "dropout": 0.2},
            {"name": "res", "family": "resnet", "blocks": [2, 2], "width": 16},
            {"name": "custom", "layers": ["conv 32 same", "pool 2", "dense 128", "dropout 0.3"]}
          ],
          "training": {
        	"epochs": 3, "batch_size": 100, "optimizer": "sgd", "learning_rate": 0.01, "momentum": 0.8,
        	"weight_decay": 0.0001, "early_stopping": {"patience": 3, "restore_best_weights": false}, "augment": {"shift": 2}
          },
          "hyperparameters": {"learning_rate": [0.001, 0.0003], "batch_size": [64, 128]},
          "refit": true
        }
        """;

    [Fact]
    public void Reads_every_feature()
    {
        var d = SweepYaml.Definition(Full);
        Assert.Equal("quick", d.Name);
        Assert.Equal(7UL, d.Seed);
        Assert.Equal(new DatasetSpec(null, Path.Combine(SweepYaml.Directory, "data", "train-images.npy"), Path.Combine(SweepYaml.Directory, "data", "train-labels.npy"),
            Path.Combine(SweepYaml.Directory, "data", "test-images.npy"), Path.Combine(SweepYaml.Directory, "data", "test-labels.npy"), 2000), d.Dataset);
        Assert.Equal([new(NoiseKind.Gaussian, 0.5), new(NoiseKind.SaltAndPepper, 0.1), new(NoiseKind.Speckle, 0.1), new(NoiseKind.Speckle, 0.2),
            new(NoiseKind.Uniform, 0.3), NoiseSpec.Clean], d.Noise);
        Assert.Equal(new CrossValidationSpec(4, false, 2), d.CrossValidation);
        Assert.Equal(["seed-cnn-5", "small-cnn", "wide-mlp", "res", "custom"], d.Architectures.Select(a => a.Name));
        Assert.Equal(Presets.Get("seed-cnn-5"), d.Architectures[0]);
        Assert.Equal(ArchitectureFamilies.Cnn("small-cnn", [32, 64], dense: [128], dropout: 0.3), d.Architectures[1]);
        Assert.Equal(ArchitectureFamilies.Mlp("wide-mlp", [512, 256], 0.2), d.Architectures[2]);
        Assert.Equal(ArchitectureFamilies.ResNet("res"), d.Architectures[3]);
        Assert.Equal(ArchitectureFamilies.ResNet("pre", [1, 1], 8, preActivation: true),
            SweepYaml.Definition("architectures: [{name: pre, family: resnet, blocks: [1, 1], width: 8, preact: true}]\n").Architectures[0]);
        Assert.Equal(new ArchitectureSpec("custom", [LayerSpec.Conv(32, same: true), LayerSpec.Pool(), LayerSpec.Dense(128), LayerSpec.Dropout(0.3)]), d.Architectures[4]);
        Assert.Equal(new TrainingSettings(3, 100, OptimizerKind.Sgd, 0.01, 0.8, 0.0001, 3, false, 2), d.Training);
        Assert.True(d.ExplicitOptimizer);
        Assert.Equal(["learning_rate", "batch_size"], d.Hyperparameters.Select(h => h.Name));
        Assert.Equal(["0.001", "0.0003"], d.Hyperparameters[0].Values);
        Assert.Equal(["64", "128"], d.Hyperparameters[1].Values);
        Assert.True(d.Refit);
    }

    [Fact]
    public void Json_gives_the_same_definition_as_yaml() =>
        SweepYaml.Equal(SweepYaml.Definition(Full), SweepYaml.Definition(FullJson));

    [Fact]
    public void Definition_survives_the_wire()
    {
        var d = SweepYaml.Definition(Full);
        SweepYaml.Equal(d, MessagePack.MessagePackSerializer.Deserialize<SweepDefinition>(MessagePack.MessagePackSerializer.Serialize(d)));
    }

    [Fact]
    public void Minimal_file_gets_the_defaults()
    {
        var file = SweepFileParser.Parse("architectures: [seed-mlp-1]\n", "/tmp/sweeps/first-try.yaml");
        var d = file.Definition;
        Assert.Equal("first-try", d.Name);
        Assert.Equal(42UL, d.Seed);
        Assert.Equal(DatasetSpec.Embedded(), d.Dataset);
        Assert.Equal([NoiseSpec.Clean], d.Noise);
        Assert.Equal(new CrossValidationSpec(5, true, 1), d.CrossValidation);
        Assert.Equal(new TrainingSettings(), d.Training);
        Assert.False(d.ExplicitOptimizer);
        Assert.Empty(d.Hyperparameters);
        Assert.False(d.Refit);
    }

    [Fact]
    public void Keeps_the_text_its_hash_and_where_every_field_is()
    {
        var file = SweepYaml.Parse(Full);
        Assert.Equal(Full, file.Text);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Full))), file.Sha256);
        Assert.Equal(1, file.Lines["name"]);
        Assert.Equal(9, file.Lines["noise"]);
        Assert.Equal(12, file.Lines["noise[2]"]);
        Assert.Equal(16, file.Lines["architectures"]);
        Assert.Equal(18, file.Lines["architectures[1]"]);
        Assert.Equal(18, file.LineOf("architectures[1].conv"));
        Assert.Equal(21, file.LineOf("architectures[4].layers[1]"));
        Assert.Equal(24, file.Lines["training.batch_size"]);
        Assert.Equal(22, file.LineOf("training.nothing-here"));
        Assert.Equal(1, file.LineOf("nowhere"));
    }

    [Fact]
    public void Text_from_no_file_resolves_against_the_working_directory()
    {
        var d = SweepFileParser.Parse("dataset: data/mnist\narchitectures: [seed-mlp-1]", "").Definition;
        Assert.Equal("sweep", d.Name);
        Assert.Equal(Path.GetFullPath("data/mnist"), d.Dataset.Source);
    }

    [Fact]
    public void Dataset_shorthands()
    {
        Assert.Equal(DatasetSpec.EmbeddedMnistT10k, SweepYaml.Definition("dataset: mnist-t10k\narchitectures: [seed-mlp-1]").Dataset.Source);
        Assert.Equal(DatasetSpec.Embedded(3000), SweepYaml.Definition("dataset: {source: MNIST-T10K, limit: 3000}\narchitectures: [seed-mlp-1]").Dataset);
        Assert.Equal(Path.GetFullPath(Path.Combine(SweepYaml.Directory, "..", "data", "mnist-full")),
            SweepYaml.Definition("dataset: ../data/mnist-full\narchitectures: [seed-mlp-1]").Dataset.Source);
        Assert.Equal("/srv/mnist", SweepYaml.Definition("dataset: {source: /srv/mnist}\narchitectures: [seed-mlp-1]").Dataset.Source);
    }

    [Fact]
    public void Noise_is_drawn_once_per_sweep_unless_a_setting_asks_for_a_draw_per_repeat()
    {
        Assert.Equal(NoiseRedraw.PerSweep, SweepYaml.Definition("noise: {kind: gaussian, sigma: 0.5}\narchitectures: [seed-mlp-1]").NoiseRedraw);
        var perRepeat = SweepYaml.Definition("noise:\n  - {kind: none}\n  - {kind: gaussian, sigma: [0.25, 0.5], redraw: per_repeat}\narchitectures: [seed-mlp-1]");
        Assert.Equal(NoiseRedraw.PerRepeat, perRepeat.NoiseRedraw);
        Assert.Equal([NoiseSpec.Clean, new(NoiseKind.Gaussian, 0.25), new(NoiseKind.Gaussian, 0.5)], perRepeat.Noise);
    }

    [Fact]
    public void Single_noise_mapping_and_none()
    {
        Assert.Equal([new NoiseSpec(NoiseKind.Gaussian, 0.5)], SweepYaml.Definition("noise: {kind: gaussian, sigma: 0.5}\narchitectures: [seed-mlp-1]").Noise);
        Assert.Equal([NoiseSpec.Clean], SweepYaml.Definition("noise: none\narchitectures: [seed-mlp-1]").Noise);
        Assert.Equal([NoiseSpec.Clean], SweepYaml.Definition("noise: [{kind: none}]\narchitectures: [seed-mlp-1]").Noise);
    }

    [Fact]
    public void Folds_as_a_number_and_early_stopping_as_a_patience()
    {
        var d = SweepYaml.Definition("folds: 10\ntraining: {early_stopping: 5}\narchitectures: [seed-mlp-1]");
        Assert.Equal(new CrossValidationSpec(10), d.CrossValidation);
        Assert.Equal(5, d.Training.EarlyStoppingPatience);
        Assert.True(d.Training.RestoreBestWeights);
        // Early stopping chooses on 10 % of each fold's training part unless the file says otherwise.
        Assert.Null(d.Training.ValidationSplit);
        Assert.Equal(0.1, d.Training.ValidationFraction);
    }

    [Fact]
    public void Validation_split_and_batch_norm_settings()
    {
        var d = SweepYaml.Definition("training: {early_stopping: 3, validation_split: 0.2, batch_norm: {momentum: 0.9, epsilon: 1e-5}}\narchitectures: [seed-mlp-1]");
        Assert.Equal(0.2, d.Training.ValidationFraction);
        Assert.Equal((0.9, 1e-5), (d.Training.KerasBatchNormMomentum, d.Training.BatchNormEpsilonValue));

        var plain = SweepYaml.Definition("architectures: [seed-mlp-1]").Training;
        Assert.Equal(0, plain.ValidationFraction); // without early stopping all of the training part trains
        Assert.Equal((0.99, 1e-3), (plain.KerasBatchNormMomentum, plain.BatchNormEpsilonValue)); // Keras's defaults
        Assert.Equal(0.25, SweepYaml.Definition("training: {validation_split: 0.25}\narchitectures: [seed-mlp-1]").Training.ValidationFraction);
    }

    [Fact]
    public void Schedules_label_smoothing_clipping_and_nesterov_are_training_keys_and_sweepable()
    {
        var t = SweepYaml.Definition("training: {optimizer: sgd, momentum: 0.9, nesterov: true, lr_schedule: step, lr_step_epochs: 3, lr_gamma: 0.5, " +
            "warmup_epochs: 1, label_smoothing: 0.1, gradient_clip: 1.5}\narchitectures: [seed-mlp-1]").Training;
        Assert.Equal((LearningRateScheduleKind.Step, 3, 0.5, 1), (t.LearningRateSchedule, t.LearningRateStepEpochs, t.LearningRateGamma, t.WarmupEpochs));
        Assert.Equal((0.1, 1.5, true), (t.LabelSmoothing, t.GradientClip, t.Nesterov));
        Assert.Equal((2, 8), SweepYaml.Definition("training: {augment: {shift: 2, cutout: 8}}\narchitectures: [seed-mlp-1]").Training is var a ? (a.AugmentShift, a.AugmentCutout) : default);
        Assert.Equal((0.2, 1.0), SweepYaml.Definition("training: {augment: {mixup: 0.2, cutmix: 1}}\narchitectures: [seed-mlp-1]").Training is var m ? (m.Mixup, m.CutMix) : default);
        Assert.Equal((15.0, 0.1, 0.05, 34.0, 5.0), SweepYaml.Definition("training: {augment: {rotate: 15, scale: 0.1, translate: 0.05, elastic: 34, elastic_sigma: 5}}\n" +
            "architectures: [seed-mlp-1]").Training is var w ? (w.AugmentRotate, w.AugmentScale, w.AugmentTranslate, w.AugmentElastic, w.ElasticSigma) : default);
        Assert.Equal(TrainingSettings.DefaultElasticSigma, SweepYaml.Definition("training: {augment: {elastic: 34}}\narchitectures: [seed-mlp-1]").Training.ElasticSigma);
        Assert.Equal(0.4, SweepYaml.Definition("hyperparameters: {augment_mixup: [0, 0.4]}\narchitectures: [seed-mlp-1]").Hyperparameters[0].Values[1] is var v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0);

        var plan = SweepPlan.Create(SweepYaml.Definition("architectures: [seed-mlp-1]\nhyperparameters: {lr_schedule: [constant, one_cycle], label_smoothing: [0, 0.1]}"),
            "s", "sha256:x", 28, 28);
        Assert.Equal(4, plan.Trials.Count);
        Assert.Contains(plan.Trials, tr => tr.Training is { LearningRateSchedule: LearningRateScheduleKind.OneCycle, LabelSmoothing: 0.1 });
    }

    [Fact]
    public void Nesterov_without_sgd_momentum_is_refused_for_the_trial_that_has_it()
    {
        // seed-mlp-1's preset trains with rmsprop, so asking for Nesterov without naming sgd is a contradiction.
        var e = Assert.Throws<InputException>(() => SweepPlan.Create(SweepYaml.Definition("training: {nesterov: true}\narchitectures: [seed-mlp-1]"), "s", "sha256:x", 28, 28));
        Assert.Contains("nesterov needs optimizer sgd with momentum above 0", e.Message);
        Assert.Equal("training.nesterov", e.Field);
    }

    [Fact]
    public void Empty_values_mean_the_default() =>
        SweepYaml.Equal(SweepYaml.Definition("name: x\narchitectures: [seed-mlp-1]"),
            SweepYaml.Definition("name: x\nnoise:\nfolds: ~\ntraining: null\narchitectures: [seed-mlp-1]"));

    [Fact]
    public void Hyperparameter_values_are_kept_as_written()
    {
        var d = SweepYaml.Definition("architectures: [seed-mlp-1]\nhyperparameters: {optimizer: [adam, SGD], early_stopping: [0, 3], augment_shift: [0, 4], learning_rate: [1e-3]}");
        Assert.Equal(["optimizer", "early_stopping", "augment_shift", "learning_rate"], d.Hyperparameters.Select(h => h.Name));
        Assert.Equal(["adam", "SGD"], d.Hyperparameters[0].Values);
        Assert.Equal(["1e-3"], d.Hyperparameters[3].Values);
    }
}
