using Crossfold.Core.Data;
using Crossfold.Core.Noise;

namespace Crossfold.Tests.Noise;

/// <summary>Noise on images with channels: every value of every channel its own draw, the same for the same seed.</summary>
public sealed class ChannelNoiseTests
{
    const int H = 4, W = 4;

    static Dataset Flat(int channels) =>
        new("flat", Enumerable.Repeat(0.5f, 2 * channels * H * W).ToArray(), [0, 1], H, W, classes: 2, channels: channels);

    [Fact]
    public void Each_channel_gets_its_own_noise_deterministically()
    {
        var spec = new NoiseSpec(NoiseKind.Gaussian, 0.2);
        var colour = Flat(3);

        float[] once = NoiseGenerator.Apply(colour, spec, 42, [0, 1]);
        float[] again = NoiseGenerator.Apply(colour, spec, 42, [0, 1]);

        Assert.Equal(2 * 3 * H * W, once.Length);
        Assert.Equal(once, again);
        var planes = Enumerable.Range(0, 3).Select(c => once.AsSpan(c * H * W, H * W).ToArray()).ToArray();
        Assert.NotEqual(planes[0], planes[1]);
        Assert.NotEqual(planes[1], planes[2]);
    }

    [Fact]
    public void The_first_channel_is_noised_as_a_grey_image_of_the_same_pixels()
    {
        // Value p of image i draws from (seed, i, p): the first plane of a colour image is numbered as a grey image is.
        var spec = new NoiseSpec(NoiseKind.SaltAndPepper, 0.3);

        float[] colour = NoiseGenerator.Apply(Flat(3), spec, 7, [1]);
        float[] grey = NoiseGenerator.Apply(Flat(1), spec, 7, [1]);

        Assert.Equal(grey, colour[..(H * W)]);
    }
}
