namespace Crossfold.Core.Training;

/// <summary>
/// Images ready to train or evaluate on, held on the CPU: <see cref="Count"/> single-channel
/// <see cref="Height"/>x<see cref="Width"/> images as float32 in [0,1] (noise already applied), row-major,
/// and their labels.
/// </summary>
public sealed record ImageSet(float[] Pixels, byte[] Labels, int Height, int Width)
{
    public int Count => Labels.Length;
}
