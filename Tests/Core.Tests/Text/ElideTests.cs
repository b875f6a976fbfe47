using Crossfold.Core.Text;

namespace Crossfold.Tests.Text;

/// <summary>Labels shortened to a terminal's width keep their start (the architecture) and their end (the fold).</summary>
public sealed class ElideTests
{
    const string Label = "seed-cnn-5 | gaussian sigma=0.5 | learning_rate=0.001, batch_size=100, fold 2/5";

    [Fact]
    public void A_label_that_fits_is_left_alone()
    {
        Assert.Same(Label, Elide.Middle(Label, Label.Length));
        Assert.Equal("fold 2/5", Elide.Middle("fold 2/5", 80));
    }

    [Theory]
    [InlineData(40, "seed-cnn-5 | gaussi…h_size=100, fold 2/5")]
    [InlineData(9, "seed… 2/5")]
    [InlineData(2, "…5")]
    [InlineData(1, "…")]
    public void A_long_label_loses_its_middle_and_is_exactly_as_wide_as_allowed(int width, string expected)
    {
        string elided = Elide.Middle(Label, width);
        Assert.Equal(expected, elided);
        Assert.Equal(width, elided.Length);
    }

    [Fact]
    public void No_room_gives_nothing()
    {
        Assert.Equal("", Elide.Middle(Label, 0));
        Assert.Equal("", Elide.Middle(Label, -3));
    }

    [Fact]
    public void Every_width_gives_exactly_that_many_characters()
    {
        for (int width = 1; width < Label.Length; width++)
            Assert.Equal(width, Elide.Middle(Label, width).Length);
    }
}
