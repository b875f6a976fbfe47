using Crossfold.Core.Randomness;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>Mixup blends each image with its drawn partner; CutMix pastes one box from the partners; both are the same for a seed.</summary>
public class MixingTests
{
    const int N = 12, H = 8, W = 8;

    static float[] Pixels() => Enumerable.Range(0, N * H * W).Select(v => 1f + v).ToArray();

    static (float[] Images, long[] Partners, double Lambda) Mix(double mixup, double cutmix, ulong seed)
    {
        using var scope = NewDisposeScope();
        var (images, partners, lambda) = Augmentation.Mix(tensor(Pixels(), new long[] { N, 1, H, W }), mixup, cutmix, seed);
        Assert.Equal(new long[] { N, 1, H, W }, images.shape);
        return (images.data<float>().ToArray(), partners, lambda);
    }

    [Fact]
    public void Mixup_blends_every_image_with_its_partner_by_the_drawn_ratio()
    {
        var pixels = Pixels();
        var (mixed, partners, lambda) = Mix(0.4, 0, 5);
        Assert.Equal(Enumerable.Range(0, N).Select(i => (long)i), partners.Order());
        Assert.Equal(MixingRatio.Beta(0.4, CounterRandom.Derive(5, "lambda")), lambda);
        Assert.Contains(partners.Select((p, i) => (p, i)), t => t.p != t.i);
        for (int i = 0; i < N; i++)
            for (int p = 0; p < H * W; p++)
                Assert.Equal(lambda * pixels[i * H * W + p] + (1 - lambda) * pixels[partners[i] * H * W + p], mixed[i * H * W + p], 1e-3);
        Assert.Equal(mixed, Mix(0.4, 0, 5).Images);
        Assert.NotEqual(mixed, Mix(0.4, 0, 6).Images);
    }

    [Fact]
    public void CutMix_pastes_one_box_from_the_partners_and_lambda_is_the_share_left()
    {
        var pixels = Pixels();
        var (mixed, partners, lambda) = Mix(0, 1, 9);
        int other = Enumerable.Range(0, N).First(i => partners[i] != i);
        var pasted = Enumerable.Range(0, H * W).Where(p => mixed[other * H * W + p] != pixels[other * H * W + p]).ToHashSet();
        for (int i = 0; i < N; i++)
            for (int p = 0; p < H * W; p++)
            {
                // The same box for every image of the batch: each pixel is its own or its partner's, nothing in between.
                float own = pixels[i * H * W + p], partner = pixels[partners[i] * H * W + p];
                Assert.Equal(pasted.Contains(p) || partners[i] == i ? partner : own, mixed[i * H * W + p]);
            }
        Assert.Equal(1 - pasted.Count / (double)(H * W), lambda, 12);
        Assert.InRange(lambda, 0, 1);
    }

    [Fact]
    public void Training_with_mixup_and_cutmix_is_deterministic_and_differs_from_training_without()
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 600);
        double[] Losses(TrainingSettings settings)
        {
            using var session = new TrainingSession(Crossfold.Core.Architectures.Presets.Get("seed-mlp-1"), settings, 3, CPU, 1, 28, 28);
            return session.Fit(train, null, null).Select(e => e.TrainLoss).ToArray();
        }
        var plain = new TrainingSettings(Epochs: 2, BatchSize: 50);
        var mixed = plain with { Mixup = 0.2, CutMix = 1 };
        Assert.Equal(Losses(mixed), Losses(mixed));
        Assert.NotEqual(Losses(plain), Losses(mixed));
        Assert.All(Losses(mixed), l => Assert.True(double.IsFinite(l)));
    }
}
