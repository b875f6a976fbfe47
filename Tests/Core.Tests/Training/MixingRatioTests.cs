using Crossfold.Core.Training;

namespace Crossfold.Tests.Training;

/// <summary>Mixup's and CutMix's λ: Beta(α, α) draws with the moments of that distribution, the same for a seed, refused outside (0, 1].</summary>
public class MixingRatioTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.4)]
    [InlineData(0.2)]
    public void Draws_have_the_mean_and_variance_of_Beta_alpha_alpha(double alpha)
    {
        const int n = 40_000;
        var draws = Enumerable.Range(0, n).Select(i => MixingRatio.Beta(alpha, (ulong)i * 7919)).ToArray();
        Assert.All(draws, x => Assert.InRange(x, 0, 1));
        double mean = draws.Average(), variance = draws.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        // Beta(α, α): mean 1/2, variance 1 / (4 (2α + 1)); the bounds are about five standard errors.
        Assert.InRange(mean, 0.49, 0.51);
        double expected = 1 / (4 * (2 * alpha + 1));
        Assert.InRange(variance, expected * 0.96, expected * 1.04);
        // Small α puts most draws near 0 or 1: a mixed batch is mostly one of its two images.
        if (alpha == 0.2) Assert.True(draws.Count(x => x < 0.1 || x > 0.9) > n / 2);
    }

    [Fact]
    public void The_same_seed_draws_the_same_ratio_and_alpha_outside_zero_to_one_is_refused()
    {
        Assert.Equal(MixingRatio.Beta(0.3, 42), MixingRatio.Beta(0.3, 42));
        Assert.NotEqual(MixingRatio.Beta(0.3, 42), MixingRatio.Beta(0.3, 43));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixingRatio.Beta(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixingRatio.Beta(1.5, 1));
    }
}
