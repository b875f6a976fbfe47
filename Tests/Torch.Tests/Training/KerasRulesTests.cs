using Crossfold.Core.Training;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>The presets claim Keras: its RMSprop and Adam update rules and its batch-norm momentum and epsilon, checked by one step by hand.</summary>
public class KerasRulesTests
{
    /// <summary>One optimizer step of <paramref name="settings"/> from weights <paramref name="start"/> with gradient <paramref name="gradient"/>.</summary>
    static double[] OneStep(TrainingSettings settings, double[] start, double[] gradient)
    {
        using var scope = NewDisposeScope();
        var weights = new Parameter(tensor(start, dtype: ScalarType.Float64));
        using var optimizer = TrainingOptimizer.For(settings, [weights]);
        (weights * tensor(gradient, dtype: ScalarType.Float64)).sum().backward(); // d/dw = gradient
        optimizer.Step();
        return weights.detach().data<double>().ToArray();
    }

    [Fact]
    public void RMSprop_adds_epsilon_inside_the_square_root_as_Keras_does()
    {
        double[] g = [1e-4, -3];
        double[] after = OneStep(new TrainingSettings(Optimizer: OptimizerKind.RmsProp, LearningRate: 0.01), [1, 2], g);

        // Keras: v = (1 - rho) g², w -= lr g / sqrt(v + eps), rho 0.9, eps 1e-7.
        // For the small gradient that is a step of 0.0031; PyTorch's lr g / (sqrt(v) + eps) would step 0.0315.
        for (int i = 0; i < 2; i++)
            Assert.Equal(new[] { 1.0, 2.0 }[i] - 0.01 * g[i] / Math.Sqrt(0.1 * g[i] * g[i] + 1e-7), after[i], 12);
    }

    [Fact]
    public void Adam_uses_Keras_epsilon_hat_with_the_bias_correction_in_the_step_size()
    {
        double[] g = [2e-6, 0.5];
        double[] after = OneStep(new TrainingSettings(Optimizer: OptimizerKind.Adam, LearningRate: 0.001), [0, 0], g);

        // Keras, step 1: m = 0.1 g, v = 0.001 g², lr_t = lr sqrt(1 - 0.999) / (1 - 0.9), w -= lr_t m / (sqrt(v) + 1e-7).
        double lrT = 0.001 * Math.Sqrt(1 - 0.999) / (1 - 0.9);
        for (int i = 0; i < 2; i++)
            Assert.Equal(-lrT * 0.1 * g[i] / (Math.Sqrt(0.001 * g[i] * g[i]) + 1e-7), after[i], 12);
    }

    [Theory]
    [InlineData(null, null, 0.99, 1e-3)]  // Keras's defaults
    [InlineData(0.9, 1e-5, 0.9, 1e-5)]
    public void Batch_norm_keeps_moving_statistics_with_Keras_momentum_and_epsilon(double? momentum, double? epsilon, double kerasMomentum, double eps)
    {
        var settings = new TrainingSettings(BatchNormMomentum: momentum, BatchNormEpsilon: epsilon);
        using var scope = NewDisposeScope();
        using var layer = new BatchNormSettings(settings.KerasBatchNormMomentum, settings.BatchNormEpsilonValue).Layer(1);
        var batch = tensor(new float[] { 1, 2, 3, 6 }).reshape(4, 1, 1, 1);

        layer.train();
        layer.call(batch);
        var runningMean = layer.named_buffers().Single(b => b.name == "running_mean").buffer.data<float>()[0];
        // moving = momentum · moving + (1 - momentum) · batch mean, from a moving mean of 0.
        Assert.Equal((1 - kerasMomentum) * 3, runningMean, 5);

        using var fresh = new BatchNormSettings(settings.KerasBatchNormMomentum, settings.BatchNormEpsilonValue).Layer(1);
        fresh.eval();
        // Moving mean 0, variance 1: the layer divides by sqrt(1 + epsilon).
        Assert.Equal(6 / Math.Sqrt(1 + eps), fresh.call(batch).data<float>()[3], 5);
    }
}
