using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>
/// The promise every sweep rests on: on the CPU with a fixed thread count, the seed alone decides the
/// metrics, to the last bit, whether folds run one after the other or side by side in one process.
/// </summary>
public class DeterminismTests
{
    // Dropout, shifts and early stopping with restore-best-weights: every random and stateful path of Fit.
    static readonly ArchitectureSpec Architecture =
        ArchitectureFamilies.Cnn("det-cnn", [8, 16], dense: [64], dropout: 0.3);
    static readonly TrainingSettings Settings =
        new(Epochs: 3, BatchSize: 50, EarlyStoppingPatience: 2, RestoreBestWeights: true, AugmentShift: 2);

    static readonly Lazy<(ImageSet Train, ImageSet Validation)> Data =
        new(() => (NoisyMnist.Range(0, 1000), NoisyMnist.Range(9000, 500)));

    sealed record Outcome((int, double, double, double, double)[] History, int BestEpoch, Evaluation Final, byte[][] Weights);

    static Outcome Train(ulong seed, ArchitectureSpec? architecture = null, TrainingSettings? settings = null)
    {
        Devices.UseThreads(1);
        var (train, validation) = Data.Value;
        using var session = new TrainingSession(architecture ?? Architecture, settings ?? Settings, seed, CPU, 1, 28, 28);
        var history = session.Fit(train, validation, null);
        var final = session.Evaluate(validation);
        var weights = session.Network.state_dict().Values.Select(t => t.cpu().bytes.ToArray()).ToArray();
        return new Outcome(NoisyMnist.WithoutTimings(history), session.BestEpoch, final, weights);
    }

    static void AssertIdentical(Outcome expected, Outcome actual)
    {
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Assert.Equal(expected.Final.Loss, actual.Final.Loss);
        Assert.Equal(expected.Final.Accuracy, actual.Final.Accuracy);
        Assert.Equal(expected.Final.Confusion, actual.Final.Confusion);
        Assert.Equal(expected.Weights.Length, actual.Weights.Length);
        for (int i = 0; i < expected.Weights.Length; i++)
            Assert.True(expected.Weights[i].AsSpan().SequenceEqual(actual.Weights[i]), $"state tensor {i} differs");
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_metrics_and_weights()
    {
        AssertIdentical(Train(11), Train(11));
    }

    [Fact]
    public void Another_seed_gives_other_metrics()
    {
        var a = Train(11);
        var b = Train(12);
        Assert.NotEqual(a.History[0].Item2, b.History[0].Item2);
        Assert.NotEqual(a.Final.Loss, b.Final.Loss);
    }

    [Fact]
    public void Batch_norm_and_residual_blocks_are_deterministic_too()
    {
        var resnet = ArchitectureFamilies.ResNet("det-resnet", [1, 1], width: 8);
        var settings = new TrainingSettings(Epochs: 1, BatchSize: 50, AugmentShift: 1);
        AssertIdentical(Train(3, resnet, settings), Train(3, resnet, settings));
        var preact = ArchitectureFamilies.ResNet("det-preact", [1, 1], width: 8, preActivation: true);
        AssertIdentical(Train(3, preact, settings), Train(3, preact, settings));
    }

    [Fact]
    public void Dense_blocks_and_transitions_are_deterministic_too()
    {
        var densenet = ArchitectureFamilies.DenseNet("det-densenet", [2, 2], growth: 4);
        var settings = new TrainingSettings(Epochs: 1, BatchSize: 50);
        AssertIdentical(Train(3, densenet, settings), Train(3, densenet, settings));
    }

    [Fact]
    public void RmsProp_and_sgd_with_weight_decay_are_deterministic_too()
    {
        foreach (var optimizer in new[] { OptimizerKind.RmsProp, OptimizerKind.Sgd })
        {
            var settings = new TrainingSettings(Epochs: 1, BatchSize: 50, Optimizer: optimizer, LearningRate: 0.01, WeightDecay: 1e-4);
            AssertIdentical(Train(5, settings: settings), Train(5, settings: settings));
        }
    }

    [Fact]
    public void Two_folds_training_side_by_side_match_the_same_folds_trained_one_after_the_other()
    {
        // What a worker with two CPU slots does: two threads, one session each, each thread with 1 libtorch thread.
        var sequential = new[] { Train(21), Train(22) };
        var concurrent = new Outcome[2];
        var failures = new Exception?[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            try { concurrent[i] = Train(21 + (ulong)i); }
            catch (Exception e) { failures[i] = e; }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        foreach (var failure in failures) if (failure is not null) throw new Exception("a training thread failed", failure);

        AssertIdentical(sequential[0], concurrent[0]);
        AssertIdentical(sequential[1], concurrent[1]);
    }
}
