using Crossfold.Core.Data;
using SkiaSharp;

namespace Crossfold.Cli.Predict;

/// <summary>
/// Reads one image from a PNG (or JPEG) file as a single grey image in [0,1], the way MNIST stores
/// digits: colour is turned into luminance, transparency is laid over black, and the image is resized
/// (bilinear) when the caller needs another size.
/// </summary>
public static class PngReader
{
    public static readonly byte[] Magic = { 0x89, (byte)'P', (byte)'N', (byte)'G' };

    /// <summary>The image as one <see cref="ImageArray"/> entry, resized to <paramref name="height"/> x <paramref name="width"/> when given.</summary>
    public static ImageArray Read(string path, int? height = null, int? width = null)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new DatasetException(path, "is not an image SkiaSharp can decode (PNG or JPEG)");
        int h = height ?? decoded.Height, w = width ?? decoded.Width;
        using var sized = decoded.Width == w && decoded.Height == h
            ? decoded.Copy()
            : decoded.Resize(new SKImageInfo(w, h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
              ?? throw new DatasetException(path, $"could not be resized to {w}x{h}");
        var pixels = new float[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var c = sized.GetPixel(x, y);
                double grey = (0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue) / 255.0 * (c.Alpha / 255.0);
                pixels[y * w + x] = (float)grey;
            }
        return new ImageArray(pixels, 1, h, w);
    }
}
