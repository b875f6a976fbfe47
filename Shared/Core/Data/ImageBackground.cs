namespace Crossfold.Core.Data;

/// <summary>
/// Whether images look like dark digits on a light background (a scan, a drawing on white), the inverse
/// of MNIST's light digits on black, which a model trained on MNIST-style data reads as confident nonsense.
/// </summary>
public static class ImageBackground
{
    /// <summary>
    /// True when the mean of image <paramref name="index"/>'s border pixels (its outer rows and columns,
    /// where a centred digit leaves only background) is above one half, pixels being in [0, 1]; of its first channel, the one a grey image has.
    /// </summary>
    public static bool IsLight(ImageArray images, int index)
    {
        int h = images.Height, w = images.Width, start = index * images.Channels * h * w;
        double sum = 0;
        int count = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1)
                {
                    sum += images.Pixels[start + y * w + x];
                    count++;
                }
        return count > 0 && sum / count > 0.5;
    }
}
