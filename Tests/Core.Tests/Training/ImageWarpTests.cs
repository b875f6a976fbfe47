using Crossfold.Core.Training;

namespace Crossfold.Tests.Training;

/// <summary>
/// Random affine maps and elastic fields: drawn within their ranges, the same for a seed, with the geometry and smoothing
/// they claim; the bilinear taps reproduce what they sample.
/// </summary>
public class ImageWarpTests
{
    const int H = 28, W = 28;

    [Fact]
    public void The_identity_and_a_quarter_turn_read_the_pixels_they_should()
    {
        for (int r = 0; r < H; r++)
            for (int c = 0; c < W; c++)
            {
                Assert.Equal((c, r), AffineWarp.Identity.Source(r, c, H, W));
                // A quarter turn of a square image: pixel (r, c) shows the original's (W - 1 - c, r), exactly.
                Assert.Equal((r, W - 1 - c), new AffineWarp(1, 0, 1, 0, 0).Source(r, c, H, W));
            }
        // Zooming by 2 about the centre reads from half as far away; a translation reads from the other way.
        Assert.Equal((13.5 + 1, 13.5 - 2), new AffineWarp(0, 1, 2, 0, 0).Source(13.5 - 4, 13.5 + 2, H, W));
        Assert.Equal((10 - 3, 10 + 1.5), new AffineWarp(0, 1, 1, 3, -1.5).Source(10, 10, H, W));
    }

    [Fact]
    public void Draws_cover_their_ranges_and_are_the_same_for_a_seed()
    {
        var draws = Enumerable.Range(0, 2000).Select(i => AffineWarp.Draw(15, 0.1, 0.1, H, W, 42, (ulong)i)).ToArray();
        var degrees = draws.Select(d => Math.Atan2(d.Sin, d.Cos) * 180 / Math.PI).ToArray();
        Assert.All(draws, d => Assert.Equal(1, d.Sin * d.Sin + d.Cos * d.Cos, 14));
        Assert.InRange(degrees.Min(), -15, -14.5);
        Assert.InRange(degrees.Max(), 14.5, 15);
        Assert.InRange(degrees.Average(), -0.5, 0.5);
        Assert.InRange(draws.Min(d => d.Zoom), 0.9, 0.91);
        Assert.InRange(draws.Max(d => d.Zoom), 1.09, 1.1);
        Assert.InRange(draws.Min(d => d.ShiftX), -2.8, -2.7);
        Assert.InRange(draws.Max(d => d.ShiftY), 2.7, 2.8);
        Assert.Equal(draws[7], AffineWarp.Draw(15, 0.1, 0.1, H, W, 42, 7));
        Assert.NotEqual(draws[7], AffineWarp.Draw(15, 0.1, 0.1, H, W, 43, 7));
        Assert.Equal(AffineWarp.Identity, AffineWarp.Draw(0, 0, 0, H, W, 42, 7));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    [InlineData(6.5)]
    public void The_kernel_is_a_normalised_Gaussian_truncated_at_four_sigma(double sigma)
    {
        var kernel = ElasticDistortion.Kernel(sigma);
        int radius = (int)Math.Ceiling(4 * sigma);
        Assert.Equal(2 * radius + 1, kernel.Length);
        Assert.Equal(1, kernel.Sum(), 14);
        double norm = Enumerable.Range(-radius, kernel.Length).Sum(i => Math.Exp(-i * i / (2 * sigma * sigma)));
        for (int i = -radius; i <= radius; i++)
        {
            Assert.Equal(Math.Exp(-i * i / (2 * sigma * sigma)) / norm, kernel[i + radius], 14);
            Assert.Equal(kernel[radius + i], kernel[radius - i]);
        }
    }

    [Fact]
    public void Smoothing_an_impulse_gives_the_kernel_in_both_directions_and_zeros_lie_beyond_the_edges()
    {
        var kernel = ElasticDistortion.Kernel(2);
        var impulse = new double[H * W];
        impulse[14 * W + 13] = 1;
        var smoothed = ElasticDistortion.Smooth(impulse, H, W, kernel);
        for (int r = 0; r < H; r++)
            for (int c = 0; c < W; c++)
            {
                int dr = r - 14, dc = c - 13;
                double expected = Math.Abs(dr) <= 8 && Math.Abs(dc) <= 8 ? kernel[dr + 8] * kernel[dc + 8] : 0;
                Assert.Equal(expected, smoothed[r * W + c], 15);
            }
        var ones = ElasticDistortion.Smooth(Enumerable.Repeat(1.0, H * W).ToArray(), H, W, kernel);
        Assert.Equal(1, ones[14 * W + 14], 14);
        double half = kernel.Skip(8).Sum();
        Assert.Equal(half * half, ones[0], 14);
    }

    [Theory]
    [InlineData(28, 28, 4.0)]
    [InlineData(5, 13, 1.5)]
    [InlineData(31, 3, 2.0)]
    public void Vectorised_smoothing_gives_the_bits_of_the_plain_loop(int height, int width, double sigma)
    {
        // The plain loop's every output is the same sequence of operations on any machine; the vector lanes must match it exactly.
        var kernel = ElasticDistortion.Kernel(sigma);
        int radius = kernel.Length / 2;
        var random = new Random(5);
        var field = Enumerable.Range(0, height * width).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double At(double[] f, int r, int c) => r >= 0 && r < height && c >= 0 && c < width ? f[r * width + c] : 0;
        var across = new double[field.Length];
        var both = new double[field.Length];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
                for (int k = 0; k < kernel.Length; k++) across[r * width + c] += kernel[k] * At(field, r, c + k - radius);
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
                for (int k = 0; k < kernel.Length; k++) both[r * width + c] += kernel[k] * At(across, r + k - radius, c);
        Assert.Equal(both, ElasticDistortion.Smooth(field, height, width, kernel));
    }

    [Fact]
    public void Elastic_fields_have_the_spread_smoothing_predicts_and_are_the_same_for_a_seed()
    {
        var kernel = ElasticDistortion.Kernel(4);
        // Away from the edges a smoothed uniform(-1, 1) field has variance (1/3) (Σ k²)²; α scales its deviation.
        double expected = 34 * Math.Sqrt(kernel.Sum(k => k * k) * kernel.Sum(k => k * k) / 3);
        var centre = new List<double>();
        for (ulong image = 0; image < 400; image++)
        {
            var (dx, dy) = ElasticDistortion.Field(H, W, 34, kernel, 9, image);
            centre.Add(dx[14 * W + 14]);
            centre.Add(dy[14 * W + 14]);
        }
        double mean = centre.Average(), deviation = Math.Sqrt(centre.Sum(v => (v - mean) * (v - mean)) / (centre.Count - 1));
        Assert.InRange(mean, -0.15 * expected, 0.15 * expected);
        Assert.InRange(deviation, 0.9 * expected, 1.1 * expected);
        var field = ElasticDistortion.Field(H, W, 34, kernel, 9, 3);
        Assert.Equal(field.Dx, ElasticDistortion.Field(H, W, 34, kernel, 9, 3).Dx);
        Assert.NotEqual(field.Dx, ElasticDistortion.Field(H, W, 34, kernel, 9, 4).Dx);
        Assert.NotEqual(field.Dx, field.Dy);
        // Smooth: neighbours move together (the raw field's neighbours are independent).
        double step = Enumerable.Range(0, W - 1).Average(c => Math.Abs(field.Dx[14 * W + c + 1] - field.Dx[14 * W + c]));
        Assert.True(step < 0.2 * expected, $"neighbouring displacements differ by {step:F3} on average");
    }

    [Fact]
    public void Bilinear_taps_reproduce_a_linear_image_at_the_drawn_source_points()
    {
        var settings = new TrainingSettings(AugmentRotate: 20, AugmentScale: 0.2, AugmentTranslate: 0.1);
        var (index, weight) = ImageWarp.Taps(settings, 3, H, W, 17);
        // Bilinear interpolation is exact on f = column + 100 row, so each tap set must give f at the affine map's source point.
        for (int i = 0; i < 3; i++)
        {
            var affine = AffineWarp.Draw(20, 0.2, 0.1, H, W, 17, (ulong)i);
            for (int p = 0; p < H * W; p++)
            {
                var (x, y) = affine.Source(p / W, p % W, H, W);
                if (x < 0 || x > W - 1 || y < 0 || y > H - 1) continue;
                double value = 0, total = 0;
                for (int k = 0; k < 4; k++)
                {
                    long at = index[(i * 4 + k) * H * W + p];
                    float w = weight[(i * 4 + k) * H * W + p];
                    total += w;
                    if (at < H * W) value += w * (at % W + 100 * (at / W));
                    else Assert.Equal(0, w, 6);
                }
                Assert.Equal(1, total, 6);
                Assert.Equal(x + 100 * y, value, 1e-3);
            }
        }
        var again = ImageWarp.Taps(settings, 3, H, W, 17);
        Assert.Equal(index, again.Index);
        Assert.Equal(weight, again.Weight);
    }

    [Fact]
    public void Points_beyond_the_edges_read_nothing()
    {
        // Zoomed out by half: the corners of the output show points outside the original.
        var (index, weight) = ImageWarp.Taps(new TrainingSettings(AugmentScale: 0.5), 40, H, W, 3);
        int outside = Enumerable.Range(0, 40).Count(i => Enumerable.Range(0, 4).All(k => index[(i * 4 + k) * H * W] == H * W));
        Assert.True(outside > 0, "no image of 40 zoomed out far enough to leave its corner empty");
        Assert.All(index, at => Assert.InRange(at, 0, H * W));
    }
}
