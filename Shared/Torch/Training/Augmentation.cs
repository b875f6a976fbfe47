using Crossfold.Core.Randomness;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training;

/// <summary>Light data augmentation: random translations and cutout with zero fill, the same for a given seed on any device.</summary>
public static class Augmentation
{
    /// <summary>
    /// Shifts every image of the batch (N,1,H,W) by its own random (dx, dy) in [-max, max], drawn from
    /// <paramref name="seed"/> and the image's position in the batch; pixels shifted in are 0.
    /// </summary>
    public static Tensor Shift(Tensor batch, int max, ulong seed)
    {
        long n = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        long pw = w + 2 * max, ph = h + 2 * max;
        // One gather instead of a crop per image: index[i, r*w + c] points into the zero-padded image.
        var index = new long[n * h * w];
        for (long i = 0; i < n; i++)
        {
            int dx = CounterRandom.Below(2 * max + 1, seed, (ulong)i, 0) - max;
            int dy = CounterRandom.Below(2 * max + 1, seed, (ulong)i, 1) - max;
            for (long r = 0; r < h; r++)
                for (long c = 0; c < w; c++)
                    index[(i * h + r) * w + c] = (r - dy + max) * pw + (c - dx + max);
        }
        using var padded = nn.functional.pad(batch, new long[] { max, max, max, max }).reshape(n, ph * pw);
        using var gatherIndex = tensor(index, new long[] { n, h * w }, device: batch.device);
        return padded.gather(1, gatherIndex).reshape(n, 1, h, w);
    }

    /// <summary>
    /// Cutout (DeVries &amp; Taylor, 2017): zeroes a <paramref name="size"/> x <paramref name="size"/> square of every image of
    /// the batch (N,1,H,W), centred on a pixel drawn uniformly from <paramref name="seed"/> and the image's position in the
    /// batch; a square centred near an edge is cut off by it, so some images lose less.
    /// </summary>
    public static Tensor Cutout(Tensor batch, int size, ulong seed)
    {
        long n = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        var keep = new float[n * h * w];
        Array.Fill(keep, 1f);
        for (long i = 0; i < n; i++)
        {
            int cy = CounterRandom.Below((int)h, seed, (ulong)i, 0), cx = CounterRandom.Below((int)w, seed, (ulong)i, 1);
            int top = Math.Max(0, cy - size / 2), left = Math.Max(0, cx - size / 2);
            int bottom = (int)Math.Min(h, cy - size / 2 + size), right = (int)Math.Min(w, cx - size / 2 + size);
            for (int r = top; r < bottom; r++)
                for (int c = left; c < right; c++)
                    keep[(i * h + r) * w + c] = 0f;
        }
        using var mask = tensor(keep, new long[] { n, 1, h, w }, device: batch.device);
        return batch.mul(mask);
    }
}
