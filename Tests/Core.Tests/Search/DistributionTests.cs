using System.Globalization;
using Crossfold.Core.Search;

namespace Crossfold.Tests.Search;

public class DistributionTests
{
    private static readonly double[] Grid = Enumerable.Range(0, 1000).Select(i => i / 1000.0).Append(1 - 1e-16).ToArray();

    private static double[] Values(Distribution d) => Grid.Select(u => double.Parse(d.At(u), CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Uniform_spans_its_range_linearly_with_four_significant_digits()
    {
        var d = new Distribution(DistributionKind.Uniform, 0.1, 0.5);
        var values = Values(d);
        Assert.All(values, v => Assert.InRange(v, 0.1, 0.5));
        Assert.Equal("0.1", d.At(0));
        Assert.Equal("0.3", d.At(0.5));
        Assert.Equal("0.1123", d.At(0.0308)); // 0.11232 rounded
    }

    [Fact]
    public void Log_uniform_puts_as_many_draws_in_each_decade()
    {
        var d = new Distribution(DistributionKind.LogUniform, 0.0001, 0.01);
        var values = Values(d);
        Assert.All(values, v => Assert.InRange(v, 0.0001, 0.01));
        Assert.Equal("0.001", d.At(0.5));
        Assert.InRange(values.Count(v => v < 0.001), 495, 505);
    }

    [Fact]
    public void Int_uniform_reaches_both_bounds_equally_often()
    {
        var d = new Distribution(DistributionKind.IntUniform, 5, 8);
        var counts = Values(d).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([5.0, 6, 7, 8], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 249, 252));
        Assert.Equal(4, d.Size);
    }

    [Fact]
    public void Int_log_uniform_favours_small_integers_and_reaches_the_top()
    {
        var d = new Distribution(DistributionKind.IntLogUniform, 1, 100);
        var values = Values(d);
        Assert.All(values, v => { Assert.InRange(v, 1, 100); Assert.Equal(Math.Floor(v), v); });
        Assert.Contains(100.0, values);
        Assert.InRange(values.Count(v => v < 10), 480, 520); // log(10) / log(101): half the draws
    }

    [Fact]
    public void Halton_points_are_radical_inverses_shifted_by_the_seed()
    {
        Assert.Equal([0.5, 0.25, 0.75, 0.125], Enumerable.Range(1, 4).Select(n => HaltonSequence.RadicalInverse(n, 2)));
        Assert.Equal(1.0 / 3, HaltonSequence.RadicalInverse(1, 3), 15);
        var a = HaltonSequence.Point(1, 0, 3);
        var b = HaltonSequence.Point(1, 1, 3);
        Assert.Equal(a, HaltonSequence.Point(1, 0, 3));
        Assert.NotEqual(a, HaltonSequence.Point(2, 0, 3));
        Assert.Equal(0.75, (b[0] - a[0] + 1) % 1, 12); // from 1/2 to 1/4 in base 2 is -1/4, whatever the shift (modulo 1)
        Assert.All(Enumerable.Range(0, 200).SelectMany(i => HaltonSequence.Point(3, i, 5)), x => Assert.InRange(x, 0, 1 - 1e-17));
    }
}
