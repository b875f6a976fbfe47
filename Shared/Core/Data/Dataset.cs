namespace Crossfold.Core.Data;

/// <summary>
/// A labelled set of images held in memory: pixels as float32 in [0,1], each image <see cref="Channels"/> planes of
/// <see cref="Height"/> x <see cref="Width"/> row-major pixels (N, C, H, W, as torch wants them), one label
/// 0..<see cref="Classes"/>-1 per image. Immutable once built, so one copy can be shared by every job on a node.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] pixels, byte[] labels, int height, int width, int classes = 10, int channels = 1)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException("image size must be positive");
        if (channels is < 1 or > ImageChannels.Max) throw new ArgumentException($"{name}: {channels} channels; images have 1 to {ImageChannels.Max}");
        if (pixels.Length != (long)labels.Length * channels * height * width)
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not make {labels.Length} images of {channels}x{height}x{width}");
        Name = name; Pixels = pixels; Labels = labels; Height = height; Width = width; Classes = classes; Channels = channels;
    }

    /// <summary>Where it was loaded from, for messages.</summary>
    public string Name { get; }
    public float[] Pixels { get; }
    public byte[] Labels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Classes { get; }
    public int Channels { get; }
    public int Count => Labels.Length;

    /// <summary>Values per image, every channel included: what noise draws for and a Dense layer flattens to.</summary>
    public int PixelsPerImage => Channels * Height * Width;

    /// <summary>The pixels of image <paramref name="index"/>, channel by channel.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>The same images and labels (shared, not copied) with a classifier of <paramref name="classes"/> outputs.</summary>
    public Dataset WithClasses(int classes) => new(Name, Pixels, Labels, Height, Width, classes, Channels);
}
