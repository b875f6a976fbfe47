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

        Assert.Equal(600, outcome.TrainCount + outcome.ValidationCount);
        Assert.Equal(200, outcome.ValidationCount);
        Assert.Equal(outcome.ValidationCount, outcome.Validation.Count);
        Assert.Equal(2, outcome.Epochs.Length);
        Assert.Equal(outcome.Epochs, epochs);
        Assert.InRange(outcome.Validation.Accuracy, 0.2, 1.0); // 400 images, 2 epochs: well above chance already
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
        Assert.Equal(a.Validation.Confusion, b.Validation.Confusion);
        Assert.Equal(a.Validation.Loss, b.Validation.Loss);
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
