namespace Crossfold.Core.Training;

/// <summary>
/// Images ready to train or evaluate on, held on the CPU: <see cref="Count"/> images of <see cref="Channels"/> x
/// <see cref="Height"/> x <see cref="Width"/> float32 in [0,1] (noise already applied), each channel a row-major plane
/// (N, C, H, W), and their labels.
/// </summary>
public sealed record ImageSet(float[] Pixels, byte[] Labels, int Height, int Width, int Channels = 1)
{
    public int Count => Labels.Length;

    /// <summary>Values per image, every channel included.</summary>
    public int PixelsPerImage => Channels * Height * Width;
}
