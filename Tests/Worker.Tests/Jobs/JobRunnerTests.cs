using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using Crossfold.Worker.Jobs;
using static TorchSharp.torch;

namespace Crossfold.Tests.Jobs;

/// <summary>A worker runs a job from its spec alone: the plan's job in, a fold outcome out.</summary>
public class JobRunnerTests
{
    static readonly DatasetCache Datasets = new();

    static SweepPlan Plan()
    {
        var definition = new SweepDefinition("tiny", 42, DatasetSpec.Embedded(limit: 600), [new NoiseSpec(NoiseKind.Gaussian, 0.3)],
            new CrossValidationSpec(3), [Presets.Get("seed-cnn-2")], new TrainingSettings(Epochs: 2, BatchSize: 50), []);
        string fingerprint = Datasets.Get(definition.Dataset).Fingerprint;
        return SweepPlan.Create(definition, "sweep-test", fingerprint, 28, 28);
    }

    [Fact]
    public void A_planned_job_trains_its_fold_end_to_end()
    {
        var job = Plan().Jobs[1];
        var epochs = new List<EpochMetrics>();

        var outcome = new JobRunner(Datasets, "node-a").Run(job, CPU, 1, epochs.Add, CancellationToken.None);

        Assert.Equal(600, outcome.TrainCount + outcome.TestCount);
        Assert.Equal(200, outcome.TestCount);
        Assert.Equal(0, outcome.ValidationCount); // no early stopping: nothing held out of training
        Assert.Equal(outcome.TestCount, outcome.Test.Count);
        Assert.Equal(2, outcome.Epochs.Length);
        Assert.Equal(outcome.Epochs, epochs);
        Assert.InRange(outcome.Test.Accuracy, 0.2, 1.0); // 400 images, 2 epochs: well above chance already
        Assert.Equal(("node-a", "cpu", 1), (outcome.Node, outcome.Device, outcome.Threads));
        Assert.True(outcome.Seconds > 0);
    }

    [Fact]
    public void The_same_job_gives_the_same_outcome_on_another_node()
    {
        var job = Plan().Jobs[2];
        var a = new JobRunner(Datasets, "node-a").Run(job, CPU, 1, null, CancellationToken.None);
        var b = new JobRunner(new DatasetCache(), "node-b").Run(job, CPU, 1, null, CancellationToken.None);

        Assert.Equal(NoisyMnist.WithoutTimings(a.Epochs), NoisyMnist.WithoutTimings(b.Epochs));
        Assert.Equal(a.Test.Confusion, b.Test.Confusion);
        Assert.Equal(a.Test.Loss, b.Test.Loss);
        Assert.Equal(a.WeightsSha256, b.WeightsSha256);
    }

    [Fact]
    public void With_early_stopping_the_epoch_is_chosen_on_a_validation_set_carved_out_of_the_training_part()
    {
        var plan = Plan();
        var job = plan.Jobs[0] with { Training = plan.Jobs[0].Training with { Epochs = 3, EarlyStoppingPatience = 1 } };

        var outcome = new JobRunner(Datasets, "node-a").Run(job, CPU, 1, null, CancellationToken.None);

        // 400 training images, 10 % of them (stratified) held out to choose the epoch; the 200 test images only score.
        Assert.Equal((360, 40, 200), (outcome.TrainCount, outcome.ValidationCount, outcome.TestCount));
        Assert.All(outcome.Epochs, e => Assert.False(double.IsNaN(e.ValidationLoss)));
        Assert.All(outcome.Epochs, e => Assert.False(double.IsNaN(e.TestAccuracy)));
        Assert.Equal(outcome.Epochs.MinBy(e => e.ValidationLoss)!.Epoch, outcome.BestEpoch);
    }

    [Fact]
    public void Garbage_in_every_test_fold_image_leaves_the_trained_weights_and_the_training_log_bit_identical()
    {
        // Two copies of the same 600 images on disk; in the second, every image of fold 1's test part is noise.
        var plan = Plan();
        var job = plan.Jobs[0] with { Training = plan.Jobs[0].Training with { Epochs = 4, EarlyStoppingPatience = 1, RestoreBestWeights = true } };
        var data = Datasets.Get(job.Dataset).Data.Train;
        var fold = FoldSplitter.Get(data.Labels, job.CrossValidation, job.FoldSeed, job.Repeat, job.Fold);
        byte[] clean = data.Pixels.Select(p => (byte)Math.Round(p * 255)).ToArray();
        byte[] garbage = (byte[])clean.Clone();
        byte[] noise = TestData.Pixels(garbage.Length, seed: 7);
        foreach (int i in fold.Test)
            Array.Copy(noise, i * data.PixelsPerImage, garbage, i * data.PixelsPerImage, data.PixelsPerImage);
        using var folder = new TempFolder();
        string labels = folder.Write("labels", TestData.IdxLabels(data.Labels));
        FoldOutcome Run(string name, byte[] pixels)
        {
            var spec = new DatasetSpec(null, folder.Write(name, TestData.IdxImages(data.Count, data.Height, data.Width, pixels)), labels, null, null, null);
            var cache = new DatasetCache();
            return new JobRunner(cache, "node-a").Run(job with { Dataset = spec, DatasetFingerprint = cache.Get(spec).Fingerprint },
                CPU, 1, null, CancellationToken.None);
        }

        var honest = Run("clean", clean);
        var tampered = Run("garbage", garbage);

        Assert.Equal(honest.WeightsSha256, tampered.WeightsSha256);
        Assert.Equal(NoisyMnist.WithoutTimings(honest.Epochs), NoisyMnist.WithoutTimings(tampered.Epochs));
        Assert.Equal((honest.BestEpoch, honest.TrainCount, honest.ValidationCount), (tampered.BestEpoch, tampered.TrainCount, tampered.ValidationCount));
        Assert.True(honest.ValidationCount > 0);
        // The garbage did reach the test part: the fold's score is what changed, and only that.
        Assert.NotEqual(honest.Test.Loss, tampered.Test.Loss);
        Assert.NotEqual(honest.Epochs.Select(e => e.TestLoss), tampered.Epochs.Select(e => e.TestLoss));
    }

    [Fact]
    public void A_dataset_with_another_fingerprint_is_refused_with_a_clear_message()
    {
        var job = Plan().Jobs[0] with { DatasetFingerprint = new string('0', 64) };

        var error = Assert.Throws<InputException>(() => new JobRunner(Datasets, "node-a").Run(job, CPU, 1, null, CancellationToken.None));

        Assert.Contains("fingerprint", error.Message);
        Assert.Contains("node-a", error.Message);
        Assert.Contains("000000000000", error.Message);
        Assert.Contains("the files differ between machines", error.Message);
    }

    [Fact]
    public void A_cancelled_job_stops()
    {
        var job = Plan().Jobs[0];
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new JobRunner(Datasets, "node-a").Run(job, CPU, 1, null, cancel.Token));
    }
}
