using Crossfold.Core.Data;
using Crossfold.Core.Randomness;

namespace Crossfold.Core.Folds;

/// <summary>
/// The inner validation set of a fold: a stratified, seeded share of the fold's <em>training</em> part,
/// held out of training so that early stopping and best-epoch restoring choose on it. The fold's test
/// part is never in it: the test fold scores the model once, after training, and chooses nothing.
/// </summary>
public static class ValidationSplit
{
    /// <summary>What a fold trains on and what it chooses its epoch on: both sorted dataset indices.</summary>
    public sealed record Parts(int[] Train, int[] Validation);

    /// <summary>
    /// How many of <paramref name="trainingImages"/> a split of <paramref name="fraction"/> holds out:
    /// round(n · fraction), at least 1 when the fraction is above 0; 0 for fraction 0.
    /// </summary>
    public static int Size(int trainingImages, double fraction) =>
        fraction <= 0 ? 0 : Math.Max(1, (int)Math.Round(trainingImages * fraction, MidpointRounding.AwayFromZero));

    /// <summary>Why a split of <paramref name="fraction"/> cannot be carved from <paramref name="trainingImages"/> images, or null when it can.</summary>
    public static string? Problem(int trainingImages, double fraction) =>
        !(fraction >= 0 && fraction < 1) ? $"validation_split must be at least 0 and below 1, got {fraction}"
        : fraction > 0 && Size(trainingImages, fraction) >= trainingImages
            ? $"validation_split {fraction} of a training part of {trainingImages} image(s) leaves nothing to train on"
            : null;

    /// <summary>
    /// Why a split of <paramref name="fraction"/> is too small to choose anything on, or null: it must hold at least one
    /// image per class of the smallest fold's training part (<paramref name="trainingImages"/>), or early stopping would
    /// pick its epoch on a handful of images (and whole classes would have no say).
    /// </summary>
    public static string? TooSmall(int trainingImages, double fraction, int classes)
    {
        int size = Size(trainingImages, fraction);
        return fraction > 0 && size < classes
            ? $"validation_split {fraction} of a fold's {trainingImages} training images is {size} validation image{(size == 1 ? "" : "s")}, " +
              $"fewer than the {classes} classes: early stopping would choose its epoch on almost nothing; raise validation_split or dataset.limit"
            : null;
    }

    /// <summary>
    /// Splits <paramref name="train"/> (sorted dataset indices of a fold's training part) into what the
    /// fold trains on and its validation set of <see cref="Size"/> images, with every class in proportion
    /// (largest remainders), the images of each class chosen by <see cref="StratifiedSubset.Sample"/> with
    /// CounterRandom.Derive(<paramref name="seed"/>, "validation split"). Fraction 0 gives the whole part
    /// to training and an empty validation set.
    /// </summary>
    /// <exception cref="InputException">The split is impossible (see <see cref="Problem"/>).</exception>
    public static Parts Carve(int[] train, ReadOnlySpan<byte> labels, int classes, double fraction, ulong seed)
    {
        if (Problem(train.Length, fraction) is string problem) throw new InputException(problem) { Field = "training.validation_split" };
        if (fraction == 0) return new Parts(train, []);
        var partLabels = new byte[train.Length];
        for (int i = 0; i < train.Length; i++) partLabels[i] = labels[train[i]];
        int[] held = StratifiedSubset.Sample(partLabels, classes, Size(train.Length, fraction), CounterRandom.Derive(seed, "validation split"));
        var validation = new int[held.Length];
        var rest = new int[train.Length - held.Length];
        int h = 0, r = 0;
        for (int position = 0; position < train.Length; position++)
        {
            if (h < held.Length && held[h] == position) validation[h++] = train[position];
            else rest[r++] = train[position];
        }
        return new Parts(rest, validation);
    }
}
