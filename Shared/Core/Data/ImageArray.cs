namespace Crossfold.Core.Data;

/// <summary>
/// Images as a reader returns them, before they meet their labels: <see cref="Count"/> images of
/// <see cref="Channels"/> x <see cref="Height"/> x <see cref="Width"/> float32 pixels in [0,1], one after another,
/// each channel a row-major plane (N, C, H, W, whatever order the file stored them in).
/// </summary>
public sealed record ImageArray(float[] Pixels, int Count, int Height, int Width, int Channels = 1);
