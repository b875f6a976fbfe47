using Crossfold.Core.Data;

namespace Crossfold.Tests.Data;

/// <summary>The limit's subset: proportions by largest remainder, exact total, first in file order.</summary>
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
                Assert.Equal(ofClass.Take(keptOfClass.Length), keptOfClass); // the first ones of the class
            }
        }
    }
}
