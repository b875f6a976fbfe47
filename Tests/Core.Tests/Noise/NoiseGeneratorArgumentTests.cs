using Crossfold.Core.Noise;
using Crossfold.Core;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Noise;

public class NoiseGeneratorArgumentTests
{
    private static readonly Crossfold.Core.Data.Dataset Data = TestImages.Random(10, seed: 1);

    [Fact]
    public void An_invalid_spec_is_an_input_error()
    {
        var thrown = Assert.Throws<InputException>(() => NoiseGenerator.Apply(Data, new NoiseSpec(NoiseKind.Gaussian, -1), 1, new[] { 0 }));
        Assert.Contains("sigma", thrown.Message);
    }

    [Fact]
    public void A_short_destination_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            NoiseGenerator.Apply(Data, NoiseSpec.Clean, 1, new[] { 0, 1 }, new float[Data.PixelsPerImage * 2 - 1]));
    }

    [Fact]
    public void A_longer_destination_keeps_its_tail()
    {
        var destination = new float[Data.PixelsPerImage + 3];
        Array.Fill(destination, -1f);
        NoiseGenerator.Apply(Data, NoiseSpec.Clean, 1, new[] { 4 }, destination);
        Assert.Equal(Data.Image(4).ToArray(), destination[..Data.PixelsPerImage]);
        Assert.Equal(new[] { -1f, -1f, -1f }, destination[Data.PixelsPerImage..]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void An_index_outside_the_dataset_is_refused(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseGenerator.Apply(Data, NoiseSpec.Clean, 1, new[] { 0, index }));
    }

    [Fact]
    public void No_indices_write_nothing()
    {
        Assert.Empty(NoiseGenerator.Apply(Data, new NoiseSpec(NoiseKind.Gaussian, 0.1), 1, ReadOnlySpan<int>.Empty));
    }
}
