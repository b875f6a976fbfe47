using Crossfold.Core.Randomness;

namespace Crossfold.Tests.Noise;

/// <summary>The standard normal draws under Gaussian and speckle noise (Shared/Randomness/NormalSequence).</summary>
public class NormalSequenceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(784)]
    [InlineData(785)]
    public void Fill_gives_exactly_the_values_of_At(int length)
    {
        foreach (ulong key in new ulong[] { 0, 1, 42, ulong.MaxValue, 0x0123456789ABCDEF })
        {
            var filled = new double[length];
            NormalSequence.Fill(key, filled);
            for (int j = 0; j < length; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(NormalSequence.At(key, (ulong)j)), BitConverter.DoubleToInt64Bits(filled[j]));
        }
    }

    [Fact]
    public void A_million_draws_look_standard_normal()
    {
        const int count = 1 << 20;
        var z = new double[count];
        NormalSequence.Fill(2024, z);
        double mean = z.Average();
        double variance = z.Sum(x => (x - mean) * (x - mean)) / (count - 1);
        double kurtosis = z.Sum(x => Math.Pow(x - mean, 4)) / count / (variance * variance);
        double withinOne = z.Count(x => Math.Abs(x) < 1) / (double)count;
        // Standard errors: mean 0.001, variance 0.0014, kurtosis ~0.005, P(|z|<1) 0.0005.
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.993, 1.007);
        Assert.InRange(kurtosis, 2.97, 3.03);
        Assert.InRange(withinOne, 0.6827 - 0.002, 0.6827 + 0.002);
        Assert.All(z, x => Assert.True(Math.Abs(x) <= 8.58));
    }

    [Fact]
    public void The_two_values_of_a_pair_are_uncorrelated()
    {
        const int pairs = 200_000;
        var z = new double[2 * pairs];
        NormalSequence.Fill(99, z);
        double sum = 0;
        for (int q = 0; q < pairs; q++) sum += z[2 * q] * z[2 * q + 1];
        Assert.InRange(sum / pairs, -0.01, 0.01); // standard error 0.0022
    }
}
