using Crossfold.Core.Randomness;

namespace Crossfold.Core.Training;

/// <summary>
/// Elastic distortion (Simard, Steinkraus &amp; Platt 2003, the classic augmentation for handwritten digits): every pixel is read
/// from a point displaced by a random field, uniform in [-1, 1] per pixel and direction, smoothed by a Gaussian of σ pixels
/// and scaled by α pixels. Portable arithmetic only, so every machine draws the same field.
/// </summary>
public static class ElasticDistortion
{
    /// <summary>
    /// The normalised Gaussian of standard deviation <paramref name="sigma"/> sampled at -r..r, r = ceil(4σ): SciPy's
    /// <c>gaussian_filter</c> with its default truncation.
    /// </summary>
    public static double[] Kernel(double sigma)
    {
        int radius = (int)Math.Ceiling(4 * sigma);
        var kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = PortableMath.Exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        return kernel;
    }

    /// <summary>
    /// The displacement (in pixels) of every pixel of image <paramref name="image"/> of a batch, row-major: the uniform field
    /// smoothed by <paramref name="kernel"/> (<see cref="Kernel"/>) and multiplied by <paramref name="alpha"/>.
    /// </summary>
    public static (double[] Dx, double[] Dy) Field(int height, int width, double alpha, double[] kernel, ulong seed, ulong image)
    {
        double[] Direction(ulong which)
        {
            ulong key = CounterRandom.Bits(seed, image, which);
            var field = new double[height * width];
            for (int p = 0; p < field.Length; p++) field[p] = 2 * CounterRandom.HalfOpenUnit(CounterRandom.Sequence(key, (ulong)p)) - 1;
            var smoothed = Smooth(field, height, width, kernel);
            for (int p = 0; p < smoothed.Length; p++) smoothed[p] *= alpha;
            return smoothed;
        }
        return (Direction(0), Direction(1));
    }

    /// <summary>
    /// <paramref name="field"/> (row-major, <paramref name="height"/> x <paramref name="width"/>) convolved with the symmetric
    /// <paramref name="kernel"/> along rows, then columns, with zeros beyond the edges (SciPy's <c>mode='constant'</c>).
    /// </summary>
    public static double[] Smooth(double[] field, int height, int width, double[] kernel)
    {
        int radius = kernel.Length / 2;
        var across = new double[field.Length];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int k = Math.Max(-radius, -c); k <= Math.Min(radius, width - 1 - c); k++) sum += kernel[k + radius] * field[r * width + c + k];
                across[r * width + c] = sum;
            }
        var both = new double[field.Length];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int k = Math.Max(-radius, -r); k <= Math.Min(radius, height - 1 - r); k++) sum += kernel[k + radius] * across[(r + k) * width + c];
                both[r * width + c] = sum;
            }
        return both;
    }
}
