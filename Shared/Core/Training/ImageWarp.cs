using Crossfold.Core.Randomness;

namespace Crossfold.Core.Training;

/// <summary>
/// The resampling of a training batch's warped images (<see cref="TrainingSettings.Warps"/>): for every output pixel, the
/// four neighbours of its source point and their bilinear weights, with affine and elastic warps in one pass (the source point
/// is the affine map's plus the elastic displacement), so the image is interpolated, and blurred, once.
/// </summary>
public static class ImageWarp
{
    /// <summary>
    /// The taps of a batch of <paramref name="count"/> images of <paramref name="height"/> x <paramref name="width"/>: entry
    /// [(i * 4 + k) * height * width + p] is neighbour k of pixel p of image i, an index into the image's pixels or
    /// height * width for "outside" (which reads 0, as shifts and cutout fill), and its weight. Each image's warp is drawn from
    /// <paramref name="seed"/> and its position in the batch.
    /// </summary>
    public static (long[] Index, float[] Weight) Taps(TrainingSettings settings, int count, int height, int width, ulong seed)
    {
        int pixels = height * width;
        var index = new long[count * 4 * pixels];
        var weight = new float[index.Length];
        double[]? kernel = settings.AugmentElastic > 0 ? ElasticDistortion.Kernel(settings.ElasticSigma) : null;
        ulong elasticSeed = CounterRandom.Derive(seed, "elastic");
        for (int i = 0; i < count; i++)
        {
            var affine = AffineWarp.Draw(settings.AugmentRotate, settings.AugmentScale, settings.AugmentTranslate, height, width, seed, (ulong)i);
            var (dx, dy) = kernel is null ? (null, null) : ElasticDistortion.Field(height, width, settings.AugmentElastic, kernel, elasticSeed, (ulong)i);
            for (int row = 0, p = 0; row < height; row++)
                for (int column = 0; column < width; column++, p++)
                {
                    var (x, y) = affine.Source(row, column, height, width);
                    if (dx is not null) { x += dx[p]; y += dy![p]; }
                    double left = Math.Floor(x), top = Math.Floor(y), fx = x - left, fy = y - top;
                    // Source points lie within a few image sizes of the frame, so the corners fit an int.
                    int c = (int)left, r = (int)top, at = i * 4 * pixels + p;
                    Tap(index, weight, at, r, c, height, width, (1 - fx) * (1 - fy));
                    Tap(index, weight, at + pixels, r, c + 1, height, width, fx * (1 - fy));
                    Tap(index, weight, at + 2 * pixels, r + 1, c, height, width, (1 - fx) * fy);
                    Tap(index, weight, at + 3 * pixels, r + 1, c + 1, height, width, fx * fy);
                }
        }
        return (index, weight);
    }

    /// <summary>One bilinear tap: pixel (<paramref name="row"/>, <paramref name="column"/>), or "outside" beyond the edges.</summary>
    static void Tap(long[] index, float[] weight, int at, int row, int column, int height, int width, double share)
    {
        index[at] = (uint)row < (uint)height && (uint)column < (uint)width ? (long)row * width + column : height * width;
        weight[at] = (float)share;
    }
}
