using Crossfold.Core.Training;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training;

/// <summary>
/// Random affine and elastic augmentation of a training batch: every image resampled bilinearly at the source points
/// <see cref="ImageWarp"/> draws, the same for a given seed on any device.
/// </summary>
public static class Warp
{
    /// <summary>
    /// The batch (N,C,H,W) warped as <paramref name="settings"/> asks, each image by its own map drawn from
    /// <paramref name="seed"/> and its position in the batch, every channel alike; points outside the image read 0.
    /// </summary>
    public static Tensor Apply(Tensor batch, TrainingSettings settings, ulong seed)
    {
        long n = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        var (index, weight) = ImageWarp.Taps(settings, (int)n, (int)h, (int)w, seed);
        // One zero pixel after each image is what "outside" points at.
        using var flat = batch.reshape(n, c, h * w);
        using var zero = zeros(new long[] { n, c, 1 }, dtype: batch.dtype, device: batch.device);
        using var padded = cat(new[] { flat, zero }, 2);
        using var taps = tensor(index, new long[] { n, 1, 4 * h * w }, device: batch.device);
        using var gathered = padded.gather(2, taps.expand(n, c, 4 * h * w).contiguous()).reshape(n, c, 4, h * w);
        using var weights = tensor(weight, new long[] { n, 1, 4, h * w }, device: batch.device);
        using var weighted = gathered.mul(weights);
        // Four explicit additions in a fixed order rather than a sum() whose reduction order may vary by device or ISA.
        var warped = weighted.select(2, 0).add(weighted.select(2, 1)).add_(weighted.select(2, 2)).add_(weighted.select(2, 3));
        return warped.reshape(n, c, h, w);
    }
}
