using Crossfold.Core.Randomness;
using Crossfold.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training;

/// <summary>
/// Data augmentation of training batches: random translations and cutout with zero fill, and mixup and CutMix, which blend a
/// batch with a shuffled copy of itself; the same for a given seed on any device. Batches are (N, C, H, W): every
/// channel of an image moves, loses its square and mixes with its partner together.
/// </summary>
public static class Augmentation
{
    /// <summary>
    /// Shifts every image of the batch (N,C,H,W) by its own random (dx, dy) in [-max, max], drawn from
    /// <paramref name="seed"/> and the image's position in the batch; pixels shifted in are 0.
    /// </summary>
    public static Tensor Shift(Tensor batch, int max, ulong seed)
    {
        long n = batch.shape[0], channels = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        long pw = w + 2 * max, ph = h + 2 * max;
        // One gather instead of a crop per image: index[i, r*w + c] points into the zero-padded image, the same for each channel.
        var index = new long[n * h * w];
        for (long i = 0; i < n; i++)
        {
            int dx = CounterRandom.Below(2 * max + 1, seed, (ulong)i, 0) - max;
            int dy = CounterRandom.Below(2 * max + 1, seed, (ulong)i, 1) - max;
            for (long r = 0; r < h; r++)
                for (long c = 0; c < w; c++)
                    index[(i * h + r) * w + c] = (r - dy + max) * pw + (c - dx + max);
        }
        using var padded = nn.functional.pad(batch, new long[] { max, max, max, max }).reshape(n, channels, ph * pw);
        using var perImage = tensor(index, new long[] { n, 1, h * w }, device: batch.device);
        using var gatherIndex = perImage.expand(n, channels, h * w);
        return padded.gather(2, gatherIndex).reshape(n, channels, h, w);
    }

    /// <summary>
    /// Cutout (DeVries &amp; Taylor, 2017): zeroes a <paramref name="size"/> x <paramref name="size"/> square of every image of
    /// the batch (N,C,H,W), in every channel, centred on a pixel drawn uniformly from <paramref name="seed"/> and the image's position in the
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
        // One plane per image: it broadcasts over the channels.
        using var mask = tensor(keep, new long[] { n, 1, h, w }, device: batch.device);
        return batch.mul(mask);
    }

    /// <summary>
    /// Mixup (Zhang et al., 2018) or CutMix (Yun et al., 2019) of a batch (N,C,H,W): the images' partners are the batch in a
    /// seeded permuted order, λ a Beta(α, α) draw (<see cref="MixingRatio"/>) per batch. Mixup returns λ·x + (1 - λ)·partner;
    /// CutMix pastes the partners' pixels inside one box of area about (1 - λ)·H·W (its centre drawn uniformly, clipped at the
    /// edges) and returns λ as the share of each image left its own. With both on, a seeded coin picks one per batch.
    /// The caller weighs the loss: λ·loss(labels) + (1 - λ)·loss(labels[Partners]).
    /// </summary>
    public static (Tensor Images, long[] Partners, double Lambda) Mix(Tensor batch, double mixup, double cutmix, ulong seed)
    {
        long n = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        var partners = CounterRandom.Permutation((int)n, CounterRandom.Derive(seed, "partners")).Select(i => (long)i).ToArray();
        using var order = tensor(partners, device: batch.device);
        using var shuffled = batch.index_select(0, order);
        bool useCutMix = cutmix > 0 && (mixup <= 0 || CounterRandom.Uniform(seed, 0, 0) < 0.5);
        double lambda = MixingRatio.Beta(useCutMix ? cutmix : mixup, CounterRandom.Derive(seed, "lambda"));
        if (!useCutMix)
        {
            // Explicit Scalars, held for the call: see TrainingOptimizer on implicit ones.
            using var own = lambda.ToScalar();
            using var other = (1 - lambda).ToScalar();
            return (batch.mul(own).add_(shuffled.mul(other)), partners, lambda);
        }

        double side = Math.Sqrt(1 - lambda);
        int boxH = (int)(h * side), boxW = (int)(w * side);
        int cy = CounterRandom.Below((int)h, seed, 1, 0), cx = CounterRandom.Below((int)w, seed, 1, 1);
        int top = Math.Max(0, cy - boxH / 2), left = Math.Max(0, cx - boxW / 2);
        int bottom = (int)Math.Min(h, cy - boxH / 2 + boxH), right = (int)Math.Min(w, cx - boxW / 2 + boxW);
        var inside = new float[h * w];
        var outside = new float[h * w];
        for (int p = 0; p < outside.Length; p++)
        {
            int r = p / (int)w, c = p % (int)w;
            inside[p] = r >= top && r < bottom && c >= left && c < right ? 1f : 0f;
            outside[p] = 1f - inside[p];
        }
        using var box = tensor(inside, new long[] { 1, 1, h, w }, device: batch.device);
        using var rest = tensor(outside, new long[] { 1, 1, h, w }, device: batch.device);
        // λ is what the clipped box really left, as the paper's implementation does.
        double kept = 1 - (double)Math.Max(0, bottom - top) * Math.Max(0, right - left) / (h * w);
        return (batch.mul(rest).add_(shuffled.mul(box)), partners, kept);
    }
}
