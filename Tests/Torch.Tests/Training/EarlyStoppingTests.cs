using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>Early stopping ends a fold once validation loss stops improving, and can hand back the best epoch's network.</summary>
public class EarlyStoppingTests
{
    // 200 training images, a wide MLP and a high learning rate: it memorises them within a few epochs
    // and validation loss then climbs, so patience is bound to run out long before epoch 40.
    static readonly ArchitectureSpec Overfitting = ArchitectureFamilies.Mlp("overfitting-mlp", [512, 512]);
    static readonly Lazy<(ImageSet Train, ImageSet Validation)> Data =
        new(() => (NoisyMnist.Range(0, 200), NoisyMnist.Range(9000, 500)));

    static (IReadOnlyList<EpochMetrics> History, int BestEpoch, Evaluation After) Fit(int patience, bool restore)
    {
        Devices.UseThreads(1);
        var (train, validation) = Data.Value;
        var settings = new TrainingSettings(Epochs: 40, BatchSize: 20, LearningRate: 0.003, EarlyStoppingPatience: patience, RestoreBestWeights: restore);
        using var session = new TrainingSession(Overfitting, settings, seed: 9, CPU, 1, 28, 28);
        var history = session.Fit(train, validation, null);
        return (history, session.BestEpoch, session.Evaluate(validation));
    }

    [Fact]
    public void Patience_stops_training_once_validation_loss_stops_improving()
    {
        var (history, best, _) = Fit(patience: 3, restore: false);

        Assert.True(history.Count < 40, $"ran all {history.Count} epochs");
        Assert.Equal(best + 3, history.Count);
        double bestLoss = history[best - 1].ValidationLoss;
        Assert.Equal(bestLoss, history.Min(m => m.ValidationLoss));
        Assert.All(history.Skip(best), m => Assert.True(m.ValidationLoss >= bestLoss));
    }

    [Fact]
    public void Restore_best_weights_leaves_the_best_epochs_network()
    {
        var (history, best, after) = Fit(patience: 3, restore: true);

        Assert.True(best < history.Count, "the best epoch was the last one: nothing to restore");
        Assert.Equal(history[best - 1].ValidationLoss, after.Loss);
        Assert.Equal(history[best - 1].ValidationAccuracy, after.Accuracy);
        Assert.NotEqual(history[^1].ValidationLoss, after.Loss);
    }

    [Fact]
    public void Without_restore_the_network_is_the_last_epochs()
    {
        var (history, _, after) = Fit(patience: 3, restore: false);

        Assert.Equal(history[^1].ValidationLoss, after.Loss);
    }

    [Fact]
    public void Patience_zero_runs_every_epoch()
    {
        Devices.UseThreads(1);
        var (train, validation) = Data.Value;
        using var session = new TrainingSession(Overfitting, new TrainingSettings(Epochs: 6, BatchSize: 20, LearningRate: 0.003), seed: 9, CPU, 1, 28, 28);
        var history = session.Fit(train, validation, null);
        Assert.Equal(6, history.Count);
        Assert.Equal(Enumerable.Range(1, 6), history.Select(m => m.Epoch));
    }

    [Fact]
    public void The_tracker_counts_epochs_since_the_best()
    {
        var stopping = new EarlyStopping(2);
        Assert.True(stopping.Improved(1, 0.5));
        Assert.False(stopping.ShouldStop(1));
        Assert.False(stopping.Improved(2, 0.5)); // equal is no improvement, as in Keras
        Assert.False(stopping.ShouldStop(2));
        Assert.False(stopping.Improved(3, double.NaN));
        Assert.True(stopping.ShouldStop(3));
        Assert.Equal(1, stopping.BestEpoch);
        Assert.False(new EarlyStopping(0).ShouldStop(100));
    }
}
