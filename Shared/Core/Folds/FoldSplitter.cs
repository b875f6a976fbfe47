using Crossfold.Core.Randomness;

namespace Crossfold.Core.Folds;

/// <summary>
/// Splits a dataset into the folds of a <see cref="CrossValidationSpec"/>, the same way on every node:
/// the coordinator lists them with <see cref="Split"/>, a worker rebuilds only its own with <see cref="Get"/>.
/// </summary>
/// <remarks>
/// How: within each repeat, order the samples (by class, then a seeded shuffle within each class, when
/// stratified; one seeded shuffle of all otherwise) and deal that order round-robin to the folds, starting
/// at a seeded fold. Dealing consecutive positions gives every fold N/k samples rounded down or up, and
/// because each class occupies consecutive positions, every fold also gets each class's count / k rounded
/// down or up; starting where the previous class stopped spreads the rounded-up extras over all folds.
/// </remarks>
public static class FoldSplitter
{
    /// <summary>
    /// Every fold of every repeat, ordered by repeat then fold index: spec.Repeats * spec.K folds.
    /// <para>Shapes: labels has one entry per sample (N); each fold's Test and Train are sorted
    /// ascending, disjoint, and together hold 0..N-1; test sizes differ by at most one.</para>
    /// <para>Randomness: a pure function of (labels, spec, seed); repeat r shuffles with its own seed
    /// CounterRandom.Derive(seed, "folds", r), so repeats are independent of each other.</para>
    /// </summary>
    /// <exception cref="InputException">The spec cannot split these labels (see <see cref="Validate"/>).</exception>
    public static IReadOnlyList<Fold> Split(ReadOnlySpan<byte> labels, CrossValidationSpec spec, ulong seed)
    {
        Validate(labels, spec);
        var folds = new List<Fold>(spec.K * spec.Repeats);
        for (int repeat = 0; repeat < spec.Repeats; repeat++)
        {
            int[] assignment = Assign(labels, spec, seed, repeat);
            for (int fold = 0; fold < spec.K; fold++)
                folds.Add(Extract(assignment, repeat, fold));
        }
        return folds;
    }

    /// <summary>
    /// One fold: equal to Split(labels, spec, seed)[repeat * spec.K + foldIndex], at the cost of one
    /// repeat's assignment (O(N)) rather than all of them. What a worker calls for its job.
    /// </summary>
    /// <exception cref="InputException">The spec cannot split these labels (see <see cref="Validate"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">repeat or foldIndex is outside the spec.</exception>
    public static Fold Get(ReadOnlySpan<byte> labels, CrossValidationSpec spec, ulong seed, int repeat, int foldIndex)
    {
        Validate(labels, spec);
        if ((uint)repeat >= (uint)spec.Repeats)
            throw new ArgumentOutOfRangeException(nameof(repeat), repeat, $"the spec has {spec.Repeats} repeat(s)");
        if ((uint)foldIndex >= (uint)spec.K)
            throw new ArgumentOutOfRangeException(nameof(foldIndex), foldIndex, $"the spec has {spec.K} folds");
        return Extract(Assign(labels, spec, seed, repeat), repeat, foldIndex);
    }

    /// <summary>
    /// What makes <paramref name="spec"/> unable to split <paramref name="labels"/>, as one sentence
    /// starting "folds:", or null when it can.
    /// </summary>
    public static string? Problem(ReadOnlySpan<byte> labels, CrossValidationSpec spec)
    {
        if (spec.K < 2) return $"folds: need at least 2 folds, got {spec.K}";
        if (spec.Repeats < 1) return $"folds: repeats must be at least 1, got {spec.Repeats}";
        if (spec.K > labels.Length) return $"folds: {spec.K} folds need at least {spec.K} images; the dataset has {labels.Length}";
        if (spec.Stratified)
        {
            Span<int> counts = stackalloc int[256];
            foreach (byte label in labels) counts[label]++;
            for (int label = 0; label < counts.Length; label++)
                if (counts[label] > 0 && counts[label] < spec.K)
                    return $"folds: {spec.K} folds need at least {spec.K} images of every class; class {label} has {counts[label]}";
        }
        return null;
    }

    /// <summary>Throws <see cref="InputException"/> with <see cref="Problem"/>'s message when the split is impossible.</summary>
    public static void Validate(ReadOnlySpan<byte> labels, CrossValidationSpec spec)
    {
        if (Problem(labels, spec) is string problem) throw new InputException(problem);
    }

    /// <summary>The test fold of every sample in one repeat: assignment[i] in 0..K-1.</summary>
    private static int[] Assign(ReadOnlySpan<byte> labels, CrossValidationSpec spec, ulong seed, int repeat)
    {
        ulong repeatSeed = CounterRandom.Derive(seed, "folds", (ulong)repeat);
        int[] order = spec.Stratified ? ClassOrder(labels, repeatSeed) : CounterRandom.Permutation(labels.Length, repeatSeed);
        int start = CounterRandom.Below(spec.K, CounterRandom.Derive(repeatSeed, "start"), 0);
        var assignment = new int[labels.Length];
        for (int position = 0; position < order.Length; position++)
            assignment[order[position]] = (start + position) % spec.K;
        return assignment;
    }

    /// <summary>All samples, class 0's first, each class's samples in a seeded random order.</summary>
    private static int[] ClassOrder(ReadOnlySpan<byte> labels, ulong repeatSeed)
    {
        // Counting sort by label keeps each class's samples in index order before its shuffle.
        var firstOfClass = new int[257];
        foreach (byte label in labels) firstOfClass[label + 1]++;
        for (int label = 0; label < 256; label++) firstOfClass[label + 1] += firstOfClass[label];
        var byClass = new int[labels.Length];
        var next = firstOfClass[..256];
        for (int i = 0; i < labels.Length; i++) byClass[next[labels[i]]++] = i;

        var order = new int[labels.Length];
        for (int label = 0; label < 256; label++)
        {
            int first = firstOfClass[label], count = firstOfClass[label + 1] - first;
            if (count == 0) continue;
            // Each class has its own stream, so adding samples of one class leaves the others' order alone.
            int[] shuffle = CounterRandom.Permutation(count, CounterRandom.Derive(repeatSeed, "class", (ulong)label));
            for (int j = 0; j < count; j++) order[first + j] = byClass[first + shuffle[j]];
        }
        return order;
    }

    /// <summary>The fold whose test samples are those assigned <paramref name="fold"/>; both lists come out sorted.</summary>
    private static Fold Extract(int[] assignment, int repeat, int fold)
    {
        int testCount = 0;
        foreach (int assigned in assignment) if (assigned == fold) testCount++;
        var test = new int[testCount];
        var train = new int[assignment.Length - testCount];
        int v = 0, t = 0;
        for (int i = 0; i < assignment.Length; i++)
        {
            if (assignment[i] == fold) test[v++] = i;
            else train[t++] = i;
        }
        return new Fold(repeat, fold, train, test);
    }
}
