using Crossfold.Core.Architectures;
using Crossfold.Core.Randomness;
using Crossfold.Core.Training;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>Training on colour images of many classes: every augmentation (affine and elastic included) on three channels, the same seed the same weights.</summary>
public class ChannelTrainingTests
{
    const int Channels = 3, Size = 12, Classes = 20, Images = 120;

    /// <summary>Generated images whose class shows as a brighter row in one channel, so the labels matter.</summary>
    static ImageSet Colour()
    {
        var labels = Enumerable.Range(0, Images).Select(i => (byte)(i % Classes)).ToArray();
        var pixels = new float[Images * Channels * Size * Size];
        for (int i = 0; i < Images; i++)
            for (int p = 0; p < Channels * Size * Size; p++)
                pixels[i * Channels * Size * Size + p] = (float)CounterRandom.Uniform(5, (ulong)i, (ulong)p) * 0.5f;
        for (int i = 0; i < Images; i++)
        {
            int channel = labels[i] % Channels, row = labels[i] % Size;
            for (int c = 0; c < Size; c++) pixels[((i * Channels + channel) * Size + row) * Size + c] = 1f;
        }
        return new ImageSet(pixels, labels, Size, Size, Channels);
    }

    static (byte[][] Weights, double Loss) Train(ulong seed)
    {
        Devices.UseThreads(1);
        var settings = new TrainingSettings(Epochs: 2, BatchSize: 20, AugmentShift: 1, AugmentCutout: 3, CutMix: 0.5, Mixup: 0.4,
            AugmentRotate: 10, AugmentElastic: 2);
        var architecture = ArchitectureFamilies.Cnn("colour-cnn", [8], dense: [32]);
        using var session = new TrainingSession(architecture, settings, seed, CPU, Channels, Size, Size, Classes);
        var history = session.Fit(Colour(), null, null);
        return (session.Network.state_dict().Values.Select(t => t.cpu().bytes.ToArray()).ToArray(), history[^1].TrainLoss);
    }

    [Fact]
    public void Three_channels_and_twenty_classes_train_to_the_same_weights_with_the_same_seed()
    {
        var (a, lossA) = Train(3);
        var (b, lossB) = Train(3);
        var (c, _) = Train(4);

        Assert.True(double.IsFinite(lossA));
        Assert.Equal(lossA, lossB);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(a[i].AsSpan().SequenceEqual(b[i]), $"state tensor {i} differs with the same seed");
        Assert.Contains(Enumerable.Range(0, a.Length), i => !a[i].AsSpan().SequenceEqual(c[i]));
    }

    [Fact]
    public void A_shift_moves_every_channel_of_an_image_by_the_same_offset()
    {
        using var scope = NewDisposeScope();
        // Channel k of the image is channel 0 plus k·1000: shifted alike, they stay k·1000 apart wherever no zero came in.
        var plane = Enumerable.Range(0, Size * Size).Select(v => 1f + v).ToArray();
        var pixels = Enumerable.Range(0, Channels).SelectMany(k => plane.Select(v => v + 1000f * k)).ToArray();
        // A seed that moves the image sideways (dx from (seed, 0, 0), uniform in [-2, 2]), so the test sees a real shift.
        ulong seed = Enumerable.Range(0, 100).Select(s => (ulong)s).First(s => CounterRandom.Below(5, s, 0, 0) != 2);
        var shifted = Augmentation.Shift(tensor(pixels, new long[] { 1, Channels, Size, Size }), 2, seed).data<float>().ToArray();

        for (int p = 0; p < Size * Size; p++)
            for (int k = 1; k < Channels; k++)
                Assert.Equal(shifted[p] == 0 ? 0 : shifted[p] + 1000f * k, shifted[k * Size * Size + p]);
        Assert.NotEqual(plane, shifted[..(Size * Size)]);
    }

    [Fact]
    public void Images_of_another_size_than_the_network_takes_are_refused()
    {
        using var session = new TrainingSession(Presets.Get("seed-mlp-1"), new TrainingSettings(Epochs: 1), 1, CPU, Channels, Size, Size, Classes);
        var grey = new ImageSet(new float[2 * Size * Size], [0, 1], Size, Size);

        var e = Assert.Throws<ArgumentException>(() => session.Evaluate(grey));

        Assert.StartsWith($"images of 1x{Size}x{Size}, but the network takes {Channels}x{Size}x{Size}", e.Message);
    }
}
