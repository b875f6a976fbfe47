using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>Random affine and elastic augmentation change the training images, each channel alike, the same for a seed.</summary>
public class WarpTests
{
    const int H = 28, W = 28;

    static float[] Warped(float[] pixels, int n, int channels, TrainingSettings settings, ulong seed)
    {
        using var scope = NewDisposeScope();
        var warped = Warp.Apply(tensor(pixels, new long[] { n, channels, H, W }), settings, seed);
        Assert.Equal(new long[] { n, channels, H, W }, warped.shape);
        return warped.data<float>().ToArray();
    }

    static float[] Digits(int n) => NoisyMnist.Dataset.Pixels.Take(n * H * W).ToArray();

    [Fact]
    public void The_tensor_warp_is_the_weighted_sum_of_the_taps_and_treats_every_channel_alike()
    {
        var settings = new TrainingSettings(AugmentRotate: 30, AugmentElastic: 20);
        var digits = Digits(4);
        // Three channels: the digit, twice the digit, and its negative.
        var colour = new float[4 * 3 * H * W];
        for (int i = 0; i < 4; i++)
            for (int p = 0; p < H * W; p++)
            {
                float v = digits[i * H * W + p];
                (colour[(i * 3) * H * W + p], colour[(i * 3 + 1) * H * W + p], colour[(i * 3 + 2) * H * W + p]) = (v, 2 * v, -v);
            }
        var warped = Warped(colour, 4, 3, settings, 8);
        var (index, weight) = ImageWarp.Taps(settings, 4, H, W, 8);
        for (int i = 0; i < 4; i++)
            for (int p = 0; p < H * W; p++)
            {
                double expected = 0;
                for (int k = 0; k < 4; k++)
                {
                    long at = index[(i * 4 + k) * H * W + p];
                    if (at < H * W) expected += weight[(i * 4 + k) * H * W + p] * digits[i * H * W + at];
                }
                Assert.Equal(expected, warped[(i * 3) * H * W + p], 1e-5);
                Assert.Equal(2 * warped[(i * 3) * H * W + p], warped[(i * 3 + 1) * H * W + p], 1e-5);
                Assert.Equal(-warped[(i * 3) * H * W + p], warped[(i * 3 + 2) * H * W + p], 1e-5);
            }
    }

    [Theory]
    [InlineData(15, 0, 0, 0)]
    [InlineData(0, 0.15, 0, 0)]
    [InlineData(0, 0, 0.1, 0)]
    [InlineData(0, 0, 0, 34)]
    public void Each_warp_actually_changes_the_images_keeps_the_digit_and_is_the_same_for_a_seed(double rotate, double scale, double translate, double elastic)
    {
        var settings = new TrainingSettings(AugmentRotate: rotate, AugmentScale: scale, AugmentTranslate: translate, AugmentElastic: elastic);
        var digits = Digits(16);
        var warped = Warped(digits, 16, 1, settings, 5);
        int changed = 0;
        for (int i = 0; i < 16; i++)
        {
            var before = digits.AsSpan(i * H * W, H * W).ToArray();
            var after = warped.AsSpan(i * H * W, H * W).ToArray();
            // A draw near the identity (zoom 1.003, say) rightly changes little; most draws are not near it.
            if (before.Zip(after).Count(t => Math.Abs(t.First - t.Second) > 0.05) > 10) changed++;
            // Still the digit: ink is roughly kept (centred digits stay inside the frame) and overlaps the original's.
            Assert.InRange(after.Sum() / before.Sum(), 0.6, 1.5);
            double overlap = before.Zip(after).Sum(t => t.First * t.Second) / Math.Sqrt(before.Sum(v => v * v) * after.Sum(v => v * v));
            Assert.InRange(overlap, 0.2, 1);
        }
        Assert.True(changed >= 12, $"only {changed} of 16 images changed visibly");
        Assert.Equal(warped, Warped(digits, 16, 1, settings, 5));
        Assert.NotEqual(warped, Warped(digits, 16, 1, settings, 6));
    }

    [Fact]
    public void Training_with_warps_is_deterministic_and_differs_from_training_without()
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 600);
        double[] Losses(TrainingSettings settings)
        {
            using var session = new TrainingSession(Presets.Get("seed-mlp-1"), settings, 3, CPU, 1, H, W);
            return session.Fit(train, null, null).Select(e => e.TrainLoss).ToArray();
        }
        var plain = new TrainingSettings(Epochs: 2, BatchSize: 50);
        var warped = plain with { AugmentRotate = 10, AugmentScale = 0.1, AugmentTranslate = 0.05, AugmentElastic = 34 };
        Assert.Equal(Losses(warped), Losses(warped));
        Assert.NotEqual(Losses(plain), Losses(warped));
        Assert.All(Losses(warped), l => Assert.True(double.IsFinite(l)));
    }
}
