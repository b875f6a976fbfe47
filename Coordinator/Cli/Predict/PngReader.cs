using Crossfold.Core.Data;
using SkiaSharp;

namespace Crossfold.Cli.Predict;

/// <summary>
/// Reads one image from a PNG (or JPEG) file in [0,1] with the channels a model takes: one is grey, the way
/// MNIST stores digits (colour turned into luminance, transparency laid over black); two are grey and alpha;
/// three are red, green and blue laid over black; four are red, green, blue and alpha. The image is resized
/// (bilinear) when the caller needs another size.
/// </summary>
public static class PngReader
{
    public static readonly byte[] Magic = { 0x89, (byte)'P', (byte)'N', (byte)'G' };

    /// <summary>The image as one <see cref="ImageArray"/> entry of <paramref name="channels"/> channels, resized to <paramref name="height"/> x <paramref name="width"/> when given.</summary>
    public static ImageArray Read(string path, int channels = 1, int? height = null, int? width = null)
    {
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "images have 1 to 4 channels");
        using var decoded = SKBitmap.Decode(path) ?? throw new DatasetException(path, "is not an image SkiaSharp can decode (PNG or JPEG)");
        int h = height ?? decoded.Height, w = width ?? decoded.Width;
        using var sized = decoded.Width == w && decoded.Height == h
            ? decoded.Copy()
            : decoded.Resize(new SKImageInfo(w, h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
              ?? throw new DatasetException(path, $"could not be resized to {w}x{h}");
        int plane = h * w;
        var pixels = new float[channels * plane];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var c = sized.GetPixel(x, y);
                double alpha = c.Alpha / 255.0;
                // With an alpha channel of its own the colour stays as it is; without one, transparency is laid over black.
                double cover = channels is 2 or 4 ? 1 : alpha;
                double[] values = channels switch
                {
                    1 or 2 => [(0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue) / 255.0 * cover, alpha],
                    _ => [c.Red / 255.0 * cover, c.Green / 255.0 * cover, c.Blue / 255.0 * cover, alpha],
                };
                for (int k = 0; k < channels; k++) pixels[k * plane + y * w + x] = (float)values[k];
            }
        return new ImageArray(pixels, 1, h, w, channels);
    }
}
