using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>bfloat16 autocast: it really changes the arithmetic, stays deterministic, learns, and never outlives Fit.</summary>
public class PrecisionTests
{
    static readonly ArchitectureSpec Architecture = ArchitectureFamilies.Cnn("bf16-cnn", [8, 16], dense: [64], dropout: 0.3);
    static readonly TrainingSettings BFloat16 = new(Epochs: 2, BatchSize: 50, AugmentShift: 1, Precision: TrainingPrecision.BFloat16);
    static readonly Lazy<(ImageSet Train, ImageSet Validation)> Data = new(() => (NoisyMnist.Range(0, 1000), NoisyMnist.Range(9000, 500)));

    static (int, double, double, double, double)[] Train(TrainingSettings settings, ulong seed = 4)
    {
        Devices.UseThreads(1);
        var (train, validation) = Data.Value;
        using var session = new TrainingSession(Architecture, settings, seed, CPU, 1, 28, 28);
        return NoisyMnist.WithoutTimings(session.Fit(train, validation, null));
    }

    [Fact]
    public void Bfloat16_training_is_deterministic_and_differs_from_float32()
    {
        var a = Train(BFloat16);
        Assert.Equal(a, Train(BFloat16));
        Assert.NotEqual(a, Train(BFloat16 with { Precision = TrainingPrecision.Float32 }));
    }

    [Fact]
    public void Bfloat16_LeNet_learns_on_noisy_digits_within_the_documented_cost()
    {
        // How close bfloat16 comes depends on the CPU's oneDNN kernels: within 3 points of float32 with
        // AVX2, 8-9 points behind with AVX-512 (80.4 % against 89.7 % here after 5 epochs; docs/sweep-file.md
        // says so). The test holds what is promised on every CPU: it learns, at a bounded cost.
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 6000);
        var heldOut = NoisyMnist.Range(8000, 2000);
        double Accuracy(TrainingPrecision precision)
        {
            using var session = new TrainingSession(Presets.Get("seed-cnn-2"), new TrainingSettings(Epochs: 5, Precision: precision), seed: 1, CPU, 1, 28, 28);
            session.Fit(train, heldOut, null);
            return session.Evaluate(heldOut).Accuracy;
        }
        double float32 = Accuracy(TrainingPrecision.Float32), bfloat16 = Accuracy(TrainingPrecision.BFloat16);
        Assert.True(bfloat16 > 0.75, $"bfloat16 held-out accuracy {bfloat16:P1}");
        Assert.True(float32 - bfloat16 < 0.12, $"bfloat16 {bfloat16:P1} against float32 {float32:P1}");
    }

    [Fact]
    public void Autocast_is_off_again_after_fit_on_the_training_thread()
    {
        Train(BFloat16);
        using var scope = NewDisposeScope();
        var product = ones(4, 4).mm(ones(4, 4)); // under autocast a matrix product would come out bfloat16
        Assert.Equal(ScalarType.Float32, product.dtype);
    }

    [Fact]
    public void A_bfloat16_fold_beside_a_float32_fold_leaves_the_other_alone()
    {
        // Autocast is thread-local in libtorch: a worker's two slots may train in different precisions.
        var expected = new[] { Train(BFloat16), Train(BFloat16 with { Precision = TrainingPrecision.Float32 }) };
        var actual = new (int, double, double, double, double)[2][];
        var failures = new Exception?[2];
        var threads = new[] { BFloat16, BFloat16 with { Precision = TrainingPrecision.Float32 } }.Select((settings, i) => new Thread(() =>
        {
            try { actual[i] = Train(settings); }
            catch (Exception e) { failures[i] = e; }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        foreach (var failure in failures) if (failure is not null) throw new Exception("a training thread failed", failure);

        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected[1], actual[1]);
    }
}
