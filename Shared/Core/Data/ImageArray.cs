namespace Crossfold.Core.Data;

/// <summary>
/// Images as a reader returns them, before they meet their labels: <see cref="Count"/> images of
/// <see cref="Height"/> x <see cref="Width"/> float32 pixels in [0,1], row-major, one after another.
/// </summary>
public sealed record ImageArray(float[] Pixels, int Count, int Height, int Width);
