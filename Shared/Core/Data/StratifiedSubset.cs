using Crossfold.Core.Randomness;

namespace Crossfold.Core.Data;

/// <summary>
/// Seeded stratified random samples: per class a random choice of its samples, as many as keep the class
/// proportions (largest-remainder rounding, so the total is exact), returned in file order. Behind a
/// dataset's <c>limit</c> (with <see cref="LimitSeed"/>, the same for every sweep, so a limit names the
/// same images everywhere) and a fold's validation split.
/// </summary>
public static class StratifiedSubset
{
    /// <summary>
    /// The seed every <c>limit</c> draws with. Fixed rather than the sweep's seed: a dataset and a limit
    /// then mean the same images (and the same fingerprint) in every sweep and on every worker, so sweeps
    /// with different seeds can be compared on identical data.
    /// </summary>
    public static readonly ulong LimitSeed = CounterRandom.Derive(0, "dataset-limit");

    /// <summary>The indices (ascending) of the <paramref name="size"/> samples a limit keeps of <paramref name="labels"/>.</summary>
    public static int[] Indices(ReadOnlySpan<byte> labels, int classes, int size) => Sample(labels, classes, size, LimitSeed);

    /// <summary>
    /// The positions (ascending) of a stratified random sample of <paramref name="size"/> of
    /// <paramref name="labels"/>: class c contributes its quota (see <see cref="Quotas"/>) of its samples,
    /// chosen by a permutation seeded with CounterRandom.Derive(seed, "class", c), so one class's choice
    /// does not depend on the others' counts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">size is negative or larger than the labels.</exception>
    /// <exception cref="ArgumentException">A label is not below <paramref name="classes"/>.</exception>
    public static int[] Sample(ReadOnlySpan<byte> labels, int classes, int size, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, labels.Length);
        int[] quota = Quotas(labels, classes, size);
        var byClass = new List<int>[classes];
        for (int c = 0; c < classes; c++) byClass[c] = new List<int>();
        for (int i = 0; i < labels.Length; i++) byClass[labels[i]].Add(i);
        var kept = new List<int>(size);
        for (int c = 0; c < classes; c++)
        {
            if (quota[c] == 0) continue;
            int[] order = CounterRandom.Permutation(byClass[c].Count, CounterRandom.Derive(seed, "class", (ulong)c));
            for (int j = 0; j < quota[c]; j++) kept.Add(byClass[c][order[j]]);
        }
        kept.Sort();
        return kept.ToArray();
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

    /// <summary>A new dataset holding the <paramref name="size"/> samples a limit keeps of <paramref name="dataset"/>, in file order.</summary>
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
        return new Dataset($"{dataset.Name} (limit {size})", pixels, labels, dataset.Height, dataset.Width, dataset.Classes, dataset.Channels);
    }
}
