using Crossfold.Core.Folds;
using Crossfold.Core;

namespace Crossfold.Tests.Folds;

/// <summary>
/// The fold invariants, checked over hundreds of random label vectors, fold counts and seeds: what
/// makes a cross-validation score trustworthy and every node's copy of a fold identical.
/// </summary>
public class FoldSplitterTests
{
    /// <summary>Random labelled cases that the spec can split; class sizes from 0 (absent) to large.</summary>
    public static IEnumerable<(byte[] Labels, CrossValidationSpec Spec, ulong Seed)> Cases(bool stratified, int count = 300)
    {
        var random = new Random(stratified ? 1 : 2);
        for (int c = 0; c < count; c++)
        {
            int k = random.Next(2, 11);
            int classes = random.Next(1, 12);
            var labels = new List<byte>();
            for (int label = 0; label < classes; label++)
            {
                // Some classes absent, some just big enough, some large: the edges of floor/ceil.
                int size = random.Next(4) switch { 0 => 0, 1 => k, 2 => random.Next(k, 2 * k + 1), _ => random.Next(k, 60) };
                labels.AddRange(Enumerable.Repeat((byte)(label * 23 % 256), size));
            }
            if (labels.Count < k) labels.AddRange(Enumerable.Repeat((byte)200, k));
            byte[] shuffled = labels.OrderBy(_ => random.Next()).ToArray();
            yield return (shuffled, new CrossValidationSpec(k, stratified, random.Next(1, 4)), (ulong)random.NextInt64());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_repeat_partitions_the_samples_into_balanced_folds(bool stratified)
    {
        foreach (var (labels, spec, seed) in Cases(stratified))
        {
            IReadOnlyList<Fold> folds = FoldSplitter.Split(labels, spec, seed);
            Assert.Equal(spec.K * spec.Repeats, folds.Count);
            int n = labels.Length;
            for (int repeat = 0; repeat < spec.Repeats; repeat++)
            {
                var timesValidated = new int[n];
                for (int f = 0; f < spec.K; f++)
                {
                    Fold fold = folds[repeat * spec.K + f];
                    Assert.Equal(repeat, fold.Repeat);
                    Assert.Equal(f, fold.Index);
                    AssertStrictlyAscending(fold.Test);
                    AssertStrictlyAscending(fold.Train);
                    // Train is exactly the complement of validation.
                    Assert.Equal(Enumerable.Range(0, n).Except(fold.Test), fold.Train);
                    // Sizes: n / k rounded down or up.
                    Assert.InRange(fold.Test.Length, n / spec.K, (n + spec.K - 1) / spec.K);
                    foreach (int i in fold.Test) timesValidated[i]++;
                }
                Assert.All(timesValidated, times => Assert.Equal(1, times));
            }
        }
    }

    [Fact]
    public void Stratified_folds_give_every_class_its_share_rounded_down_or_up()
    {
        foreach (var (labels, spec, seed) in Cases(stratified: true))
        {
            var classCounts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            foreach (Fold fold in FoldSplitter.Split(labels, spec, seed))
            {
                var inFold = fold.Test.GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.Count());
                foreach (var (label, total) in classCounts)
                {
                    int here = inFold.GetValueOrDefault(label);
                    Assert.InRange(here, total / spec.K, (total + spec.K - 1) / spec.K);
                }
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Get_returns_the_same_fold_as_Split(bool stratified)
    {
        foreach (var (labels, spec, seed) in Cases(stratified, count: 60))
        {
            IReadOnlyList<Fold> all = FoldSplitter.Split(labels, spec, seed);
            for (int repeat = 0; repeat < spec.Repeats; repeat++)
                for (int f = 0; f < spec.K; f++)
                {
                    Fold one = FoldSplitter.Get(labels, spec, seed, repeat, f);
                    Fold expected = all[repeat * spec.K + f];
                    Assert.Equal((expected.Repeat, expected.Index), (one.Repeat, one.Index));
                    Assert.Equal(expected.Test, one.Test);
                    Assert.Equal(expected.Train, one.Train);
                }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Same_seed_same_folds_different_seed_different_folds(bool stratified)
    {
        byte[] labels = MnistLikeLabels(1000, seed: 4);
        var spec = new CrossValidationSpec(5, stratified, Repeats: 2);
        var first = FoldSplitter.Split(labels, spec, 42);
        var again = FoldSplitter.Split(labels, spec, 42);
        var other = FoldSplitter.Split(labels, spec, 43);
        for (int j = 0; j < first.Count; j++)
        {
            Assert.Equal(first[j].Test, again[j].Test);
            Assert.NotEqual(first[j].Test, other[j].Test);
        }
        // Repeats are reshuffled, not copies of each other.
        Assert.NotEqual(first[0].Test, first[spec.K].Test);
    }

    [Fact]
    public void Shuffled_folds_do_not_follow_the_sample_order()
    {
        byte[] labels = MnistLikeLabels(1000, seed: 5);
        Fold fold = FoldSplitter.Get(labels, new CrossValidationSpec(5, Stratified: false), 42, 0, 0);
        // A contiguous block would be 200 consecutive indices; a shuffle spreads them over the whole range.
        Assert.True(fold.Test[^1] - fold.Test[0] > 900);
        Assert.True(fold.Test.Zip(fold.Test.Skip(1)).Count(p => p.Second == p.First + 1) < 100);
    }

    [Fact]
    public void A_full_mnist_sized_split_is_quick_and_stratified()
    {
        byte[] labels = MnistLikeLabels(60_000, seed: 6);
        var folds = FoldSplitter.Split(labels, new CrossValidationSpec(5), 42);
        Assert.All(folds, f => Assert.InRange(f.Test.Length, 12_000, 12_000));
        Assert.All(folds, f => Assert.Equal(48_000, f.Train.Length));
    }

    [Fact]
    public void Non_stratified_k_may_exceed_the_smallest_class()
    {
        byte[] labels = [0, 0, 0, 1, 1, 1, 1, 1, 1, 7];
        Assert.Equal(6, FoldSplitter.Split(labels, new CrossValidationSpec(3, Stratified: false, Repeats: 2), 1).Count);
    }

    [Theory]
    [InlineData(1, true, 1, "folds: need at least 2 folds, got 1")]
    [InlineData(0, false, 1, "folds: need at least 2 folds, got 0")]
    [InlineData(5, true, 0, "folds: repeats must be at least 1, got 0")]
    [InlineData(11, false, 1, "folds: 11 folds need at least 11 images; the dataset has 10")]
    [InlineData(5, true, 1, "folds: 5 folds need at least 5 images of every class; class 7 has 3")]
    public void Impossible_splits_are_input_errors_naming_folds(int k, bool stratified, int repeats, string message)
    {
        byte[] labels = [7, 0, 7, 0, 0, 0, 0, 7, 0, 0]; // 7 zeros, 3 sevens
        var spec = new CrossValidationSpec(k, stratified, repeats);
        Assert.Equal(message, FoldSplitter.Problem(labels, spec));
        Assert.Equal(message, Assert.Throws<InputException>(() => FoldSplitter.Split(labels, spec, 1)).Message);
        Assert.Equal(message, Assert.Throws<InputException>(() => FoldSplitter.Get(labels, spec, 1, 0, 0)).Message);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(2, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 5)]
    public void Get_outside_the_spec_is_a_programming_error(int repeat, int fold)
    {
        byte[] labels = MnistLikeLabels(100, seed: 7);
        Assert.Throws<ArgumentOutOfRangeException>(() => FoldSplitter.Get(labels, new CrossValidationSpec(5, Repeats: 2), 1, repeat, fold));
    }

    private static byte[] MnistLikeLabels(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (byte)random.Next(10)).ToArray();
    }

    private static void AssertStrictlyAscending(int[] indices)
    {
        for (int i = 1; i < indices.Length; i++) Assert.True(indices[i - 1] < indices[i], "indices must be sorted ascending without repeats");
    }
}
