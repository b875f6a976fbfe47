namespace Crossfold.Core.Data;

/// <summary>
/// The subset behind a dataset's limit: per class the first samples in file order, as many as keep the
/// class proportions (largest-remainder rounding, so the total is exact), returned in file order.
/// Deterministic and independent of any seed, so every worker cuts the same subset.
/// </summary>
public static class StratifiedSubset
{
    /// <summary>The indices (ascending) of the <paramref name="size"/> samples kept from <paramref name="labels"/>.</summary>
    public static int[] Indices(ReadOnlySpan<byte> labels, int classes, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, labels.Length);
        int[] quota = Quotas(labels, classes, size);
        var kept = new int[size];
        int k = 0;
        for (int i = 0; i < labels.Length && k < size; i++)
        {
            if (quota[labels[i]] == 0) continue;
            quota[labels[i]]--;
            kept[k++] = i;
        }
        return kept;
    }

    /// <summary>How many samples of each class a subset of <paramref name="size"/> keeps.</summary>
    public static int[] Quotas(ReadOnlySpan<byte> labels, int classes, int size)
    {
        var counts = new long[classes];
        foreach (byte label in labels)
        {
            if (label >= classes) throw new ArgumentException($"label {label} is not below {classes}", nameof(labels));
            counts[label]++;
        }
        long total = labels.Length;
        var quota = new int[classes];
        if (total == 0) return quota;
        var remainder = new long[classes];
        int assigned = 0;
        for (int c = 0; c < classes; c++)
        {
            // Exact integer arithmetic: size * count / total, floored, and what the floor dropped.
            quota[c] = (int)(size * counts[c] / total);
            remainder[c] = size * counts[c] % total;
            assigned += quota[c];
        }
        // The seats left go to the largest remainders; ties to the lower class, so the result is unique.
        foreach (int c in Enumerable.Range(0, classes).OrderByDescending(c => remainder[c]).ThenBy(c => c).Take(size - assigned))
            quota[c]++;
        return quota;
    }

    /// <summary>A new dataset holding the <paramref name="size"/> kept samples of <paramref name="dataset"/>.</summary>
    public static Dataset Take(Dataset dataset, int size)
    {
        int[] kept = Indices(dataset.Labels, dataset.Classes, size);
        int pixelsPerImage = dataset.PixelsPerImage;
        var pixels = new float[(long)size * pixelsPerImage];
        var labels = new byte[size];
        for (int k = 0; k < kept.Length; k++)
        {
            dataset.Image(kept[k]).CopyTo(pixels.AsSpan(k * pixelsPerImage, pixelsPerImage));
            labels[k] = dataset.Labels[kept[k]];
        }
        return new Dataset($"{dataset.Name} (limit {size})", pixels, labels, dataset.Height, dataset.Width, dataset.Classes);
    }
}
