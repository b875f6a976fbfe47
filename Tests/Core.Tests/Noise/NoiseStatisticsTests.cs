using Crossfold.Core.Noise;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Noise;

/// <summary>Each kind of noise has the distribution its name promises, and clipping keeps pixels in [0, 1].</summary>
public class NoiseStatisticsTests
{
    private const int Images = 2000; // 1.57 million pixels: standard errors well inside the tolerances below

    private static float[] Noisy(float grey, NoiseKind kind, double amount, ulong seed = 42) =>
        NoiseGenerator.Apply(TestImages.Constant(Images, grey), new NoiseSpec(kind, amount), seed, Enumerable.Range(0, Images).ToArray());

    private static (double Mean, double Std) MeanAndStd(IReadOnlyCollection<float> values)
    {
        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance));
    }

    [Fact]
    public void Gaussian_on_mid_grey_has_the_requested_mean_and_sigma()
    {
        var (mean, std) = MeanAndStd(Noisy(0.5f, NoiseKind.Gaussian, 0.1));
        Assert.InRange(mean, 0.5 - 0.002, 0.5 + 0.002);
        Assert.InRange(std, 0.1 * 0.98, 0.1 * 1.02);
    }

    [Fact]
    public void Noise_levels_share_their_draws()
    {
        // Common random numbers: sigma 0.2 moves every pixel twice as far as sigma 0.1, wherever it did not clip.
        float[] low = Noisy(0.5f, NoiseKind.Gaussian, 0.1);
        float[] high = Noisy(0.5f, NoiseKind.Gaussian, 0.2);
        int unclipped = 0;
        for (int i = 0; i < low.Length; i++)
        {
            if (high[i] is 0f or 1f) continue;
            unclipped++;
            Assert.Equal(2 * (low[i] - 0.5), high[i] - 0.5, 1e-6);
        }
        Assert.True(unclipped > low.Length * 0.98); // 2.5 sigma of 0.2 reaches 0 or 1 for 1.2 % of pixels
    }

    [Fact]
    public void Salt_and_pepper_hits_the_requested_fraction_half_black_half_white()
    {
        const double fraction = 0.1;
        float[] noisy = Noisy(0.5f, NoiseKind.SaltAndPepper, fraction);
        int black = noisy.Count(v => v == 0f), white = noisy.Count(v => v == 1f), untouched = noisy.Count(v => v == 0.5f);
        Assert.Equal(noisy.Length, black + white + untouched);
        double rate = (black + white) / (double)noisy.Length;
        Assert.InRange(rate, fraction * 0.99, fraction * 1.01);
        Assert.InRange(black / (double)(black + white), 0.49, 0.51);
    }

    [Fact]
    public void Salt_and_pepper_at_a_higher_fraction_keeps_the_lower_fractions_hits()
    {
        float[] light = Noisy(0.5f, NoiseKind.SaltAndPepper, 0.1);
        float[] heavy = Noisy(0.5f, NoiseKind.SaltAndPepper, 0.3);
        for (int i = 0; i < light.Length; i++)
            if (light[i] != 0.5f) Assert.Equal(light[i], heavy[i]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Salt_and_pepper_extremes(double fraction)
    {
        float[] noisy = Noisy(0.5f, NoiseKind.SaltAndPepper, fraction);
        Assert.All(noisy, v => Assert.True(fraction == 0 ? v == 0.5f : v is 0f or 1f));
    }

    [Fact]
    public void Uniform_stays_in_range_with_the_right_mean_and_spread()
    {
        const double amplitude = 0.2;
        float[] noisy = Noisy(0.5f, NoiseKind.Uniform, amplitude);
        Assert.All(noisy, v => Assert.InRange(v, 0.3f - 1e-6f, 0.7f + 1e-6f));
        var (mean, std) = MeanAndStd(noisy);
        Assert.InRange(mean, 0.5 - 0.001, 0.5 + 0.001);
        Assert.InRange(std, amplitude / Math.Sqrt(3) * 0.99, amplitude / Math.Sqrt(3) * 1.01);
        Assert.True(noisy.Min() < 0.3001f && noisy.Max() > 0.6999f, "the whole range is used");
    }

    [Fact]
    public void Speckle_scales_with_the_pixel()
    {
        const double sigma = 0.2;
        var (darkMean, darkStd) = MeanAndStd(Noisy(0.2f, NoiseKind.Speckle, sigma));
        var (brightMean, brightStd) = MeanAndStd(Noisy(0.6f, NoiseKind.Speckle, sigma));
        Assert.InRange(darkMean, 0.2 - 0.001, 0.2 + 0.001);
        Assert.InRange(brightMean, 0.6 - 0.001, 0.6 + 0.001);
        Assert.InRange(darkStd, 0.2 * sigma * 0.98, 0.2 * sigma * 1.02);
        Assert.InRange(brightStd, 0.6 * sigma * 0.98, 0.6 * sigma * 1.02);
        Assert.All(Noisy(0f, NoiseKind.Speckle, sigma), v => Assert.Equal(0f, v)); // black stays black
    }

    [Theory]
    [InlineData(NoiseKind.Gaussian, 1.0)]
    [InlineData(NoiseKind.Speckle, 3.0)]
    [InlineData(NoiseKind.Uniform, 0.9)]
    public void Clipping_keeps_pixels_in_the_unit_interval(NoiseKind kind, double amount)
    {
        var data = TestImages.Random(300, seed: 5);
        float[] noisy = NoiseGenerator.Apply(data, new NoiseSpec(kind, amount), 11, Enumerable.Range(0, 300).ToArray());
        Assert.All(noisy, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(0f, noisy);
        Assert.Contains(1f, noisy);
    }

    [Fact]
    public void None_and_zero_amounts_return_the_clean_images()
    {
        var data = TestImages.Random(50, seed: 8);
        int[] indices = Enumerable.Range(0, 50).ToArray();
        foreach (var spec in new[] { NoiseSpec.Clean, new NoiseSpec(NoiseKind.Gaussian, 0), new NoiseSpec(NoiseKind.Uniform, 0),
                     new NoiseSpec(NoiseKind.Speckle, 0), new NoiseSpec(NoiseKind.SaltAndPepper, 0) })
            Assert.Equal(TestImages.Bytes(data.Pixels), TestImages.Bytes(NoiseGenerator.Apply(data, spec, 3, indices)));
    }
}
