using Crossfold.Core.Randomness;
using Crossfold.Core.Training;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>Augmentation.Shift translates each image by its own drawn offset, filling with zeros; Cutout zeroes a drawn square.</summary>
public class AugmentationTests
{
    const int N = 40, H = 6, W = 5, Max = 2;

    /// <summary>N distinct images whose every pixel is non-zero and unique: pixel (i, r, c) = 1 + i*H*W + r*W + c.</summary>
    static float[] Pixels() => Enumerable.Range(0, N * H * W).Select(v => 1f + v).ToArray();

    static float[] Shift(float[] pixels, ulong seed)
    {
        using var scope = NewDisposeScope();
        var batch = tensor(pixels, new long[] { N, 1, H, W });
        var shifted = Augmentation.Shift(batch, Max, seed);
        Assert.Equal(new long[] { N, 1, H, W }, shifted.shape);
        return shifted.data<float>().ToArray();
    }

    [Fact]
    public void Every_image_moves_by_its_drawn_offset_with_zero_fill()
    {
        var pixels = Pixels();
        var shifted = Shift(pixels, 123);
        var offsets = new HashSet<(int, int)>();
        for (int i = 0; i < N; i++)
        {
            // The documented draw: dx from (seed, i, 0), dy from (seed, i, 1), each uniform in [-Max, Max].
            int dx = CounterRandom.Below(2 * Max + 1, 123, (ulong)i, 0) - Max;
            int dy = CounterRandom.Below(2 * Max + 1, 123, (ulong)i, 1) - Max;
            offsets.Add((dx, dy));
            for (int r = 0; r < H; r++)
                for (int c = 0; c < W; c++)
                {
                    int sr = r - dy, sc = c - dx; // the source pixel that lands on (r, c)
                    float expected = sr is >= 0 and < H && sc is >= 0 and < W ? pixels[(i * H + sr) * W + sc] : 0f;
                    Assert.Equal(expected, shifted[(i * H + r) * W + c]);
                }
        }
        Assert.True(offsets.Count > 10, $"only {offsets.Count} distinct offsets in {N} images");
        Assert.Contains(offsets, o => o.Item1 == -Max);
        Assert.Contains(offsets, o => o.Item2 == Max);
    }

    [Fact]
    public void A_single_bright_pixel_lands_where_the_offset_says()
    {
        // One image, one lit pixel at (2, 2) of a 6x5 image: after the shift it is at (2 + dy, 2 + dx), the rest is 0.
        using var scope = NewDisposeScope();
        var image = zeros(1, 1, H, W);
        image[0, 0, 2, 2] = tensor(1f);
        for (ulong seed = 0; seed < 25; seed++)
        {
            var shifted = Augmentation.Shift(image, Max, seed);
            int dx = CounterRandom.Below(2 * Max + 1, seed, 0, 0) - Max;
            int dy = CounterRandom.Below(2 * Max + 1, seed, 0, 1) - Max;
            var lit = shifted.nonzero();
            Assert.Equal(1, lit.shape[0]);
            Assert.Equal(new long[] { 0, 0, 2 + dy, 2 + dx }, lit[0].data<long>().ToArray());
            Assert.Equal(1f, shifted.sum().item<float>());
        }
    }

    [Fact]
    public void The_same_seed_shifts_the_same_way_and_another_seed_differently()
    {
        var pixels = Pixels();
        Assert.Equal(Shift(pixels, 5), Shift(pixels, 5));
        Assert.NotEqual(Shift(pixels, 5), Shift(pixels, 6));
    }

    [Fact]
    public void The_input_batch_is_left_as_it_was()
    {
        var pixels = Pixels();
        using var scope = NewDisposeScope();
        var batch = tensor(pixels, new long[] { N, 1, H, W });
        Augmentation.Shift(batch, Max, 1);
        Assert.Equal(pixels, batch.data<float>().ToArray());
    }

    static float[] Cutout(float[] pixels, int size, ulong seed)
    {
        using var scope = NewDisposeScope();
        var cut = Augmentation.Cutout(tensor(pixels, new long[] { N, 1, H, W }), size, seed);
        Assert.Equal(new long[] { N, 1, H, W }, cut.shape);
        return cut.data<float>().ToArray();
    }

    [Fact]
    public void Cutout_zeroes_the_drawn_square_of_every_image_clipped_at_the_edges_and_keeps_the_rest()
    {
        const int Size = 3;
        var pixels = Pixels();
        var cut = Cutout(pixels, Size, 77);
        int zeroedImages = 0;
        for (int i = 0; i < N; i++)
        {
            // The documented draw: the centre row from (seed, i, 0), the column from (seed, i, 1).
            int cy = CounterRandom.Below(H, 77, (ulong)i, 0), cx = CounterRandom.Below(W, 77, (ulong)i, 1);
            for (int r = 0; r < H; r++)
                for (int c = 0; c < W; c++)
                {
                    bool inside = r >= cy - Size / 2 && r < cy - Size / 2 + Size && c >= cx - Size / 2 && c < cx - Size / 2 + Size;
                    int at = (i * H + r) * W + c;
                    Assert.Equal(inside ? 0f : pixels[at], cut[at]);
                }
            if (Enumerable.Range(0, H * W).Any(p => cut[i * H * W + p] == 0)) zeroedImages++;
        }
        Assert.Equal(N, zeroedImages); // the centre is always inside the image, so every image loses something
        Assert.Equal(cut, Cutout(pixels, Size, 77));
        Assert.NotEqual(cut, Cutout(pixels, Size, 78));
    }
}
