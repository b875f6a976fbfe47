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
            for (int p = 0; p < pixels; p++)
            {
                var (x, y) = affine.Source(p / width, p % width, height, width);
                if (dx is not null) { x += dx[p]; y += dy![p]; }
                Bilinear(x, y, height, width, index.AsSpan(i * 4 * pixels + p), weight.AsSpan(i * 4 * pixels + p), pixels);
            }
        }
        return (index, weight);
    }

    /// <summary>
    /// The four pixels around point (<paramref name="x"/>, <paramref name="y"/>) and their bilinear weights, written at 0,
    /// stride, 2 stride and 3 stride; a neighbour beyond the edge gets index height * width.
    /// </summary>
    static void Bilinear(double x, double y, int height, int width, Span<long> index, Span<float> weight, int stride)
    {
        double left = Math.Floor(x), top = Math.Floor(y);
        double fx = x - left, fy = y - top;
        for (int k = 0; k < 4; k++)
        {
            double c = left + (k & 1), r = top + (k >> 1);
            bool inside = c >= 0 && c < width && r >= 0 && r < height;
            index[k * stride] = inside ? (long)r * width + (long)c : height * width;
            weight[k * stride] = (float)(((k & 1) == 1 ? fx : 1 - fx) * ((k >> 1) == 1 ? fy : 1 - fy));
        }
    }
}
