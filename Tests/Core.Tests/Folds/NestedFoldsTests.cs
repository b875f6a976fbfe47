using Crossfold.Core.Folds;
using Crossfold.Core;

namespace Crossfold.Tests.Folds;

/// <summary>
/// Inner folds of nested cross-validation over many random label vectors: they partition their outer fold's training
/// part and never touch its test part, are balanced and stratified like outer folds, and differ between outer folds.
/// </summary>
public class NestedFoldsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Inner_folds_partition_the_outer_training_part_and_never_hold_an_outer_test_image(bool stratified)
    {
        var random = new Random(11);
        foreach (var (labels, outerSpec, seed) in FoldSplitterTests.Cases(stratified, 120))
        {
            int innerK = random.Next(2, 5);
            var spec = outerSpec with { InnerK = innerK };
            if (NestedFolds.Problem(labels, spec, seed) is not null) continue;
            foreach (var outer in FoldSplitter.Split(labels, spec, seed))
            {
                var inner = Enumerable.Range(0, innerK).Select(i => NestedFolds.Inner(labels, spec, seed, outer.Repeat, outer.Index, i)).ToList();
                // Every training image of the outer fold is in exactly one inner test part...
                Assert.Equal(outer.Train, inner.SelectMany(f => f.Test).Order().ToArray());
                foreach (var f in inner)
                {
                    // ...and each inner fold's two parts are the outer training part, sorted, with no outer test image.
                    Assert.Equal(outer.Train, f.Train.Concat(f.Test).Order().ToArray());
                    Assert.True(f.Train.SequenceEqual(f.Train.Order()) && f.Test.SequenceEqual(f.Test.Order()));
                    Assert.Empty(f.Train.Intersect(outer.Test));
                    Assert.Empty(f.Test.Intersect(outer.Test));
                    Assert.Equal((outer.Repeat, outer.Index), (f.Repeat, f.Index));
                }
                var sizes = inner.Select(f => f.Test.Length).ToList();
                Assert.True(sizes.Max() - sizes.Min() <= 1, $"inner test sizes {string.Join(",", sizes)}");
                if (stratified)
                    foreach (var label in outer.Train.Select(i => labels[i]).Distinct())
                    {
                        var counts = inner.Select(f => f.Test.Count(i => labels[i] == label)).ToList();
                        Assert.True(counts.Max() - counts.Min() <= 1, $"class {label} inner counts {string.Join(",", counts)}");
                    }
            }
        }
    }

    [Fact]
    public void Inner_folds_are_a_pure_function_of_their_inputs_and_differ_between_outer_folds()
    {
        var labels = Enumerable.Range(0, 600).Select(i => (byte)(i % 10)).ToArray();
        var spec = new CrossValidationSpec(5, InnerK: 3);
        var once = NestedFolds.Inner(labels, spec, 42, 0, 1, 2);
        var again = NestedFolds.Inner(labels, spec, 42, 0, 1, 2);
        Assert.Equal(once.Train, again.Train);
        Assert.Equal(once.Test, again.Test);
        // Two outer folds share 3/4 of their training images; their inner splits are drawn independently.
        var f0 = NestedFolds.Inner(labels, spec, 42, 0, 0, 0).Test.ToHashSet();
        var f1 = NestedFolds.Inner(labels, spec, 42, 0, 1, 0).Test.ToHashSet();
        Assert.NotEqual(f0.Intersect(FoldSplitter.Get(labels, spec, 42, 0, 1).Train).Order(), f1.Intersect(FoldSplitter.Get(labels, spec, 42, 0, 0).Train).Order());
        Assert.NotEqual(once.Test, NestedFolds.Inner(labels, spec, 43, 0, 1, 2).Test);
    }

    [Fact]
    public void A_class_too_small_for_the_inner_split_is_named_with_its_outer_fold()
    {
        // 4 images of class 3: each outer training part of 4 folds holds 3, fewer than 4 inner folds.
        var labels = Enumerable.Repeat((byte)0, 40).Concat(Enumerable.Repeat((byte)3, 4)).ToArray();
        string problem = NestedFolds.Problem(labels, new CrossValidationSpec(4, InnerK: 4), 1)!;
        Assert.Equal("folds.inner_k: the training part of outer fold 1 cannot be split: 4 folds need at least 4 images of every class; class 3 has 3", problem);
        Assert.Null(NestedFolds.Problem(labels, new CrossValidationSpec(4, InnerK: 3), 1));
        Assert.Null(NestedFolds.Problem(labels, new CrossValidationSpec(4), 1));
        Assert.StartsWith("folds.inner_k: need at least 2 inner folds", NestedFolds.Problem(labels, new CrossValidationSpec(4, InnerK: 1), 1));
        Assert.Throws<InputException>(() => NestedFolds.Inner(labels, new CrossValidationSpec(4), 1, 0, 0, 0));
    }
}
