namespace Crossfold.Core.Data;

/// <summary>
/// A labelled set of single-channel images held in memory: pixels as float32 in [0,1], row-major,
/// <see cref="Height"/> x <see cref="Width"/> per image, one label 0..<see cref="Classes"/>-1 per image.
/// Immutable once built, so one copy can be shared by every job on a node.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] pixels, byte[] labels, int height, int width, int classes = 10)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException("image size must be positive");
        if (pixels.Length != (long)labels.Length * height * width)
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not make {labels.Length} images of {height}x{width}");
        Name = name; Pixels = pixels; Labels = labels; Height = height; Width = width; Classes = classes;
    }

    /// <summary>Where it was loaded from, for messages.</summary>
    public string Name { get; }
    public float[] Pixels { get; }
    public byte[] Labels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Classes { get; }
    public int Count => Labels.Length;
    public int PixelsPerImage => Height * Width;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
}
