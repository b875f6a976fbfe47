using Crossfold.Core.Randomness;

namespace Crossfold.Core.Training;

/// <summary>
/// Random affine augmentation (rotation, zoom, translation about the image's centre, as torchvision's RandomAffine draws
/// them): the map from a warped image's pixels back to the points of the original they are read from.
/// </summary>
/// <param name="Sin">Sine of the rotation angle.</param>
/// <param name="Cos">Cosine of the rotation angle.</param>
/// <param name="Zoom">Scale factor: above 1 enlarges the content.</param>
/// <param name="ShiftX">Translation in pixels along the columns.</param>
/// <param name="ShiftY">Translation in pixels along the rows.</param>
public readonly record struct AffineWarp(double Sin, double Cos, double Zoom, double ShiftX, double ShiftY)
{
    /// <summary>The map that leaves every pixel where it is.</summary>
    public static AffineWarp Identity { get; } = new(0, 1, 1, 0, 0);

    /// <summary>
    /// The warp of image <paramref name="image"/> of a batch: angle uniform in [-<paramref name="degrees"/>, <paramref name="degrees"/>],
    /// zoom uniform in [1 - <paramref name="scale"/>, 1 + <paramref name="scale"/>], translation uniform in ±<paramref name="translate"/>
    /// of the width and of the height (not rounded to whole pixels, as torchvision does: the sampling is bilinear anyway).
    /// Sine and cosine are <see cref="PortableMath"/>'s, so every machine draws the same map.
    /// </summary>
    public static AffineWarp Draw(double degrees, double scale, double translate, int height, int width, ulong seed, ulong image)
    {
        double Symmetric(ulong which) => 2 * CounterRandom.Uniform(seed, image, which) - 1;
        var (sin, cos) = (0.0, 1.0);
        if (degrees > 0)
        {
            // In turns (fractions of a full circle), which is what the portable sine takes, shifted into [0, 1).
            double turns = Symmetric(0) * degrees / 360;
            (sin, cos) = PortableMath.SinCosTurns(turns < 0 ? turns + 1 : turns);
        }
        return new(sin, cos, 1 + Symmetric(1) * scale, Symmetric(2) * translate * width, Symmetric(3) * translate * height);
    }

    /// <summary>
    /// The point of the original image that pixel (<paramref name="row"/>, <paramref name="column"/>) of the warped one shows:
    /// the forward map rotates and zooms about the centre ((width - 1) / 2, (height - 1) / 2), then translates; this is its inverse.
    /// </summary>
    public (double X, double Y) Source(double row, double column, int height, int width)
    {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        double x = column - cx - ShiftX, y = row - cy - ShiftY;
        return (cx + (Cos * x + Sin * y) / Zoom, cy + (-Sin * x + Cos * y) / Zoom);
    }
}
