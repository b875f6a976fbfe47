using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Torch.Training;
using Crossfold.Worker.Jobs;
using static TorchSharp.torch;

namespace Crossfold.Tests.Jobs;

/// <summary>Cross-noise evaluation on a worker: the trained fold model scored on its test images under other noises.</summary>
public class CrossNoiseJobTests
{
    static readonly DatasetCache Datasets = new();

    /// <summary>A fold trained on Gaussian sigma 0.3 that is also scored clean and under heavy Gaussian noise.</summary>
    static JobSpec Job()
    {
        var definition = new SweepDefinition("cross", 42, DatasetSpec.Embedded(limit: 600), [new NoiseSpec(NoiseKind.Gaussian, 0.3)],
            new CrossValidationSpec(3), [Presets.Get("seed-cnn-2")], new TrainingSettings(Epochs: 2, BatchSize: 50), [],
            EvaluationNoise: [NoiseSpec.Clean, new NoiseSpec(NoiseKind.Gaussian, 1.0)]);
        return SweepPlan.Create(definition, "sweep-cross", Datasets.Get(definition.Dataset).Fingerprint, 28, 28).Jobs[1];
    }

    static ImageSet Noisy(Dataset data, int[] indices, NoiseSpec noise, ulong seed) =>
        new(NoiseGenerator.Apply(data, noise, seed, indices), indices.Select(i => data.Labels[i]).ToArray(), data.Height, data.Width);

    [Fact]
    public void Under_no_noise_the_score_is_a_plain_evaluation_of_the_clean_test_images_and_heavier_noise_changes_it()
    {
        var job = Job();
        var outcome = new JobRunner(Datasets, "node-a").Run(job, CPU, 1, null, CancellationToken.None);

        // The same fold trained by hand, then scored on its clean test images.
        var data = Datasets.Get(job.Dataset).Data.Train;
        var fold = FoldSplitter.Get(data.Labels, job.CrossValidation, job.FoldSeed, job.Repeat, job.Fold);
        Devices.UseThreads(1);
        using var session = new TrainingSession(job.Architecture, job.Training, job.TrainSeed, CPU, data.Channels, data.Height, data.Width, data.Classes);
        session.Fit(Noisy(data, fold.Train, job.Noise, job.NoiseSeed), null, Noisy(data, fold.Test, job.Noise, job.NoiseSeed));
        var clean = session.Evaluate(new ImageSet(fold.Test.SelectMany(i => data.Image(i).ToArray()).ToArray(),
            fold.Test.Select(i => data.Labels[i]).ToArray(), data.Height, data.Width));

        Assert.Equal(outcome.WeightsSha256, session.WeightsSha256());
        var scores = outcome.CrossNoise!;
        Assert.Equal([NoiseSpec.Clean, new NoiseSpec(NoiseKind.Gaussian, 1.0)], scores.Select(s => s.Noise));
        Assert.Equal(clean.Accuracy, scores[0].Accuracy);
        Assert.Equal(clean.Loss, scores[0].Loss);
        Assert.Equal(200, clean.Count);
        // Sigma 1 buries the digits: the model trained at 0.3 does worse, and its loss is higher.
        Assert.True(scores[1].Accuracy < scores[0].Accuracy, $"sigma 1: {scores[1].Accuracy}, clean: {scores[0].Accuracy}");
        Assert.True(scores[1].Loss > scores[0].Loss);
    }

    [Fact]
    public void Cross_noise_is_inference_only()
    {
        var job = Job();
        var plain = new JobRunner(Datasets, "node-a").Run(job with { CrossNoise = null }, CPU, 1, null, CancellationToken.None);
        var crossed = new JobRunner(Datasets, "node-a").Run(job, CPU, 1, null, CancellationToken.None);

        Assert.Null(plain.CrossNoise);
        Assert.Equal(2, crossed.CrossNoise!.Length);
        Assert.Equal(plain.WeightsSha256, crossed.WeightsSha256);
        Assert.Equal(plain.Test, crossed.Test with { Confusion = plain.Test.Confusion });
        Assert.Equal(plain.Test.Confusion, crossed.Test.Confusion);
    }
}
