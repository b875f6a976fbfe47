using Crossfold.Core.Data;

namespace Crossfold.Tests.Data;

/// <summary>The limit's subset: proportions by largest remainder, exact total, a seeded random choice within each class, in file order.</summary>
public sealed class StratifiedSubsetTests
{
    [Fact]
    public void Gives_the_seats_left_to_the_largest_remainders_ties_to_the_lower_class()
    {
        // 5 of [5, 3, 2] -> 2.5, 1.5, 1.0: floors 2+1+1 = 4; the tie between classes 0 and 1 goes to 0.
        byte[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];

        Assert.Equal([3, 1, 1], StratifiedSubset.Quotas(labels, 3, 5));
    }

    [Fact]
    public void Keeps_a_class_that_is_absent_absent()
    {
        Assert.Equal([0, 2, 1], StratifiedSubset.Quotas([1, 2, 1, 1, 2, 1], 3, 3));
    }

    [Fact]
    public void The_whole_dataset_is_every_index()
    {
        byte[] labels = [3, 1, 4, 1, 5, 9, 2, 6];

        Assert.Equal(Enumerable.Range(0, labels.Length), StratifiedSubset.Indices(labels, 10, labels.Length));
    }

    [Fact]
    public void Holds_its_promises_on_random_labels()
    {
        var random = new Random(42);
        for (int trial = 0; trial < 200; trial++)
        {
            byte[] labels = Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(random.Next(1, 11))).ToArray();
            int size = random.Next(0, labels.Length + 1);

            int[] kept = StratifiedSubset.Indices(labels, 10, size);

            Assert.Equal(size, kept.Length);
            Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First < p.Second), "indices ascend (file order)");
            for (int c = 0; c < 10; c++)
            {
                int[] ofClass = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
                int[] keptOfClass = kept.Where(i => labels[i] == c).ToArray();
                double share = (double)size * ofClass.Length / labels.Length;
                Assert.InRange(keptOfClass.Length, Math.Floor(share), Math.Ceiling(share));
                Assert.Subset(ofClass.ToHashSet(), keptOfClass.ToHashSet());
            }
        }
    }

    [Fact]
    public void A_limit_is_a_random_choice_from_the_whole_file_not_its_first_images()
    {
        // MNIST t10k's first half is its easier half: a limit must not keep only the first images of each class.
        byte[] labels = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 10)).ToArray();

        int[] kept = StratifiedSubset.Indices(labels, 10, 1000);

        Assert.Equal(1000, kept.Length);
        Assert.InRange(kept.Average(), 4_000, 6_000);
        Assert.True(kept.Count(i => i >= 5_000) > 400, "about half of the kept images come from the file's second half");
        Assert.Equal(kept, StratifiedSubset.Indices(labels, 10, 1000));
    }

    [Fact]
    public void Another_seed_chooses_other_samples_in_the_same_proportions()
    {
        byte[] labels = Enumerable.Range(0, 500).Select(i => (byte)(i % 7 % 3)).ToArray();

        int[] a = StratifiedSubset.Sample(labels, 3, 100, 1), b = StratifiedSubset.Sample(labels, 3, 100, 2);

        Assert.NotEqual(a, b);
        for (int c = 0; c < 3; c++) Assert.Equal(a.Count(i => labels[i] == c), b.Count(i => labels[i] == c));
    }

    [Fact]
    public void One_class_s_choice_does_not_depend_on_another_class_s_samples()
    {
        byte[] labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        byte[] moreOfClassOne = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1];

        int[] zeros = StratifiedSubset.Sample(labels, 2, 4, 9).Where(i => labels[i] == 0).ToArray();
        int[] zerosAgain = StratifiedSubset.Sample(moreOfClassOne, 2, 6, 9).Where(i => moreOfClassOne[i] == 0).ToArray();

        // Both keep 2 of the same 5 zeros (at the same positions): the same seed picks the same ones.
        Assert.Equal(2, zeros.Length);
        Assert.Equal(zeros, zerosAgain);
    }
}
