using Crossfold.Core.Data;

namespace Crossfold.Tests.Data;

/// <summary>Dark digits on a light background are told apart from MNIST's light digits on black by the border.</summary>
public sealed class ImageBackgroundTests
{
    /// <summary>Two 5x5 images: a light stroke on black (as MNIST), and the same inverted.</summary>
    static ImageArray Digits()
    {
        var mnist = new float[25];
        for (int y = 1; y < 4; y++) mnist[y * 5 + 2] = 1f;
        var inverted = mnist.Select(p => 1 - p).ToArray();
        return new ImageArray([.. mnist, .. inverted], 2, 5, 5);
    }

    [Fact]
    public void A_light_digit_on_black_is_not_a_light_background()
    {
        Assert.False(ImageBackground.IsLight(Digits(), 0));
    }

    [Fact]
    public void A_dark_digit_on_white_is()
    {
        Assert.True(ImageBackground.IsLight(Digits(), 1));
    }

    [Fact]
    public void A_bright_stroke_touching_the_border_does_not_make_black_light()
    {
        var pixels = new float[25];
        for (int x = 0; x < 5; x++) pixels[2 * 5 + x] = 1f; // a bar across the middle, touching both sides
        Assert.False(ImageBackground.IsLight(new ImageArray(pixels, 1, 5, 5), 0));
    }
}
