using SkiaSharp;

namespace Crossfold.Reports.Plots;

/// <summary>PNG files of single-channel images (one byte per pixel, row-major), with SkiaSharp as the plots use it.</summary>
public static class GrayPng
{
    /// <summary>A lossless 8-bit grayscale PNG of <paramref name="pixels"/>, <paramref name="height"/> x <paramref name="width"/>.</summary>
    public static byte[] Encode(byte[] pixels, int height, int width)
    {
        if (pixels.Length != height * width) throw new ArgumentException($"{pixels.Length} pixels for a {height}x{width} image");
        using var image = SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), pixels, width);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
