using System.Numerics;
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
        int radius = kernel.Length / 2, paddedWidth = width + 2 * radius;
        // Zero margins instead of bounds checks: every output adds all taps in the same order (the zeros add nothing), so each
        // output's sum is the same sequence of IEEE operations whether a vector lane or the scalar tail computes it, on any
        // vector width: the bits do not depend on the machine.
        var rows = new double[height * paddedWidth];
        for (int r = 0; r < height; r++) Array.Copy(field, r * width, rows, r * paddedWidth + radius, width);
        var across = new double[(height + 2 * radius) * width];
        for (int r = 0; r < height; r++) Convolve(rows, r * paddedWidth, 1, kernel, across.AsSpan((r + radius) * width, width));
        var both = new double[height * width];
        for (int r = 0; r < height; r++) Convolve(across, r * width, width, kernel, both.AsSpan(r * width, width));
        return both;
    }

    /// <summary>output[c] = Σ_k kernel[k] · source[start + c + k · step], k in order, for every c of <paramref name="output"/>.</summary>
    static void Convolve(double[] source, int start, int step, double[] kernel, Span<double> output)
    {
        int c = 0;
        for (; c + Vector<double>.Count <= output.Length; c += Vector<double>.Count)
        {
            var sum = Vector<double>.Zero;
            for (int k = 0; k < kernel.Length; k++) sum += kernel[k] * new Vector<double>(source, start + c + k * step);
            sum.CopyTo(output[c..]);
        }
        for (; c < output.Length; c++)
        {
            double sum = 0;
            for (int k = 0; k < kernel.Length; k++) sum += kernel[k] * source[start + c + k * step];
            output[c] = sum;
        }
    }
}
