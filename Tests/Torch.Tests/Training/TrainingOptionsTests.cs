using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Training;
using Crossfold.Torch.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>
/// The training options beyond the seed's: gradient clipping, Nesterov momentum and the learning-rate scale a schedule
/// sets, each checked by hand on a few steps as PyTorch computes them; label smoothing and the schedules end to end on
/// real digits: they change training, evaluation stays plain cross-entropy, and the same seed still gives the same bits.
/// </summary>
public class TrainingOptionsTests
{
    /// <summary><paramref name="steps"/> optimizer steps of <paramref name="settings"/> from zero weights, each with gradient <paramref name="gradient"/>.</summary>
    static double[] Steps(TrainingSettings settings, double[] gradient, int steps = 1, double scale = 1)
    {
        using var scope = NewDisposeScope();
        var weights = new Parameter(zeros(gradient.Length, dtype: ScalarType.Float64));
        using var optimizer = TrainingOptimizer.For(settings, [weights]);
        optimizer.LearningRateScale = scale;
        for (int i = 0; i < steps; i++)
        {
            optimizer.ZeroGrad();
            (weights * tensor(gradient, dtype: ScalarType.Float64)).sum().backward(); // d/dw = gradient
            optimizer.Step();
        }
        return weights.detach().data<double>().ToArray();
    }

    static readonly TrainingSettings Sgd = new(Optimizer: OptimizerKind.Sgd, LearningRate: 1, Momentum: 0);

    [Fact]
    public void Gradient_clipping_scales_every_gradient_by_the_joint_norm_as_clip_grad_norm_does()
    {
        double[] g = [3, 4]; // joint norm 5
        double scale = 1 / (5 + 1e-6);
        double[] clipped = Steps(Sgd with { GradientClip = 1 }, g);
        Assert.Equal(-3 * scale, clipped[0], 12);
        Assert.Equal(-4 * scale, clipped[1], 12);
        Assert.Equal(new[] { -3.0, -4.0 }, Steps(Sgd with { GradientClip = 10 }, g)); // under the limit: untouched
        Assert.Equal(new[] { -3.0, -4.0 }, Steps(Sgd, g));
    }

    [Fact]
    public void Nesterov_momentum_looks_ahead_as_torch_optim_SGD_does()
    {
        double m = 0.9, g = 2, lr = 0.1;
        var settings = new TrainingSettings(Optimizer: OptimizerKind.Sgd, LearningRate: lr, Momentum: m, Nesterov: true);
        // buf1 = g, step g + m·buf1; buf2 = m·g + g, step g + m·buf2.
        Assert.Equal(-lr * g * (1 + m) - lr * g * (1 + m + m * m), Steps(settings, [g], steps: 2)[0], 12);
        // Plain momentum steps with the buffer itself: g, then g (1 + m).
        Assert.Equal(-lr * g - lr * g * (1 + m), Steps(settings with { Nesterov = false }, [g], steps: 2)[0], 12);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.RmsProp)]
    public void The_learning_rate_scale_scales_the_step(OptimizerKind optimizer)
    {
        var settings = new TrainingSettings(Optimizer: optimizer, LearningRate: 0.01, Momentum: 0);
        double full = Steps(settings, [0.5])[0], quarter = Steps(settings, [0.5], scale: 0.25)[0];
        Assert.NotEqual(0, full);
        Assert.Equal(full / 4, quarter, 15);
    }

    static readonly ArchitectureSpec Mlp = ArchitectureFamilies.Mlp("options-mlp", [32]);

    static (IReadOnlyList<EpochMetrics> History, Evaluation Final, string Weights) Train(TrainingSettings settings)
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 600);
        var test = NoisyMnist.Range(9000, 300);
        using var session = new TrainingSession(Mlp, settings, 7, CPU, 1, 28, 28);
        var history = session.Fit(train, null, test);
        return (history, session.Evaluate(test), session.WeightsSha256());
    }

    [Fact]
    public void Label_smoothing_raises_the_training_loss_only_and_a_schedule_changes_training_deterministically()
    {
        var plain = new TrainingSettings(Epochs: 3, BatchSize: 50, LearningRate: 0.01);
        var a = Train(plain);
        var smoothed = Train(plain with { LabelSmoothing = 0.2 });
        // Smoothed targets cannot be fitted to zero loss: the training loss stays higher, while the test loss
        // is plain cross-entropy of a similar model.
        Assert.True(smoothed.History[^1].TrainLoss > a.History[^1].TrainLoss + 0.05, $"{smoothed.History[^1].TrainLoss} vs {a.History[^1].TrainLoss}");
        Assert.InRange(smoothed.Final.Loss, a.Final.Loss * 0.5, a.Final.Loss * 2);

        var scheduled = plain with { LearningRateSchedule = LearningRateScheduleKind.OneCycle, WarmupEpochs = 1, GradientClip = 1 };
        var first = Train(scheduled);
        Assert.NotEqual(a.Weights, first.Weights);
        var again = Train(scheduled);
        Assert.Equal(first.Weights, again.Weights);
        Assert.Equal((first.Final.Accuracy, first.Final.Loss), (again.Final.Accuracy, again.Final.Loss));
    }
}
