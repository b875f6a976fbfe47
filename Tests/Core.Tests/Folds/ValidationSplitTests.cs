using Crossfold.Core;
using Crossfold.Core.Folds;

namespace Crossfold.Tests.Folds;

/// <summary>A fold's validation split: carved out of its training part only, stratified, seeded, exact in size.</summary>
public class ValidationSplitTests
{
    static readonly byte[] Labels = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 10 < 7 ? i % 3 : 3 + i % 7)).ToArray();

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void The_validation_split_comes_out_of_the_training_part_and_never_touches_the_test_part(double fraction)
    {
        foreach (var fold in FoldSplitter.Split(Labels, new CrossValidationSpec(5), 42))
        {
            var parts = ValidationSplit.Carve(fold.Train, Labels, 10, fraction, seed: 7);

            Assert.Equal(fold.Train, parts.Train.Concat(parts.Validation).Order());
            Assert.Empty(parts.Validation.Intersect(fold.Test));
            Assert.Equal(ValidationSplit.Size(fold.Train.Length, fraction), parts.Validation.Length);
            Assert.Equal(parts.Train.Order(), parts.Train);
            Assert.Equal(parts.Validation.Order(), parts.Validation);
            // Stratified: each class's share of the split is within one image of its share of the training part.
            for (int c = 0; c < 10; c++)
            {
                double share = (double)fold.Train.Count(i => Labels[i] == c) * parts.Validation.Length / fold.Train.Length;
                Assert.InRange(parts.Validation.Count(i => Labels[i] == c), Math.Floor(share), Math.Ceiling(share));
            }
        }
    }

    [Fact]
    public void The_same_seed_holds_out_the_same_images_and_another_seed_others()
    {
        var fold = FoldSplitter.Get(Labels, new CrossValidationSpec(5), 42, 0, 1);

        var a = ValidationSplit.Carve(fold.Train, Labels, 10, 0.1, seed: 1);

        Assert.Equal(a.Validation, ValidationSplit.Carve(fold.Train, Labels, 10, 0.1, seed: 1).Validation);
        Assert.NotEqual(a.Validation, ValidationSplit.Carve(fold.Train, Labels, 10, 0.1, seed: 2).Validation);
    }

    [Fact]
    public void Fraction_zero_trains_on_everything()
    {
        int[] train = [0, 3, 4, 9];
        var parts = ValidationSplit.Carve(train, Labels, 10, 0, seed: 1);
        Assert.Equal(train, parts.Train);
        Assert.Empty(parts.Validation);
    }

    [Fact]
    public void A_split_that_leaves_nothing_to_train_on_is_refused_with_its_field()
    {
        Assert.Equal(1, ValidationSplit.Size(3, 0.01)); // a positive share holds out at least one image
        var e = Assert.Throws<InputException>(() => ValidationSplit.Carve([0, 1], Labels, 10, 0.75, seed: 1));
        Assert.Equal("training.validation_split", e.Field);
        Assert.Contains("leaves nothing to train on", e.Message);
        Assert.Contains("validation_split must be at least 0 and below 1", ValidationSplit.Problem(10, 1)!);
    }

    [Theory]
    [InlineData(40, 0.1, 10, false)] // 4 images for 10 classes
    [InlineData(100, 0.1, 10, true)] // one per class is enough
    [InlineData(40, 0.0, 10, true)]  // no split, nothing to choose on
    public void A_split_needs_at_least_one_image_per_class(int training, double fraction, int classes, bool fine) =>
        Assert.Equal(fine, ValidationSplit.TooSmall(training, fraction, classes) is null);
}
