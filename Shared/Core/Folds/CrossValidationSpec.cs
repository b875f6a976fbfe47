using MessagePack;

namespace Crossfold.Core.Folds;

/// <summary>How a sweep splits its data: k folds, stratified or plain shuffled, repeated r times.</summary>
[MessagePackObject]
public sealed record CrossValidationSpec(
    [property: Key(0)] int K,
    [property: Key(1)] bool Stratified = true,
    [property: Key(2)] int Repeats = 1)
{
    public override string ToString() =>
        $"{K}-fold {(Stratified ? "stratified" : "shuffled")}{(Repeats > 1 ? $" x{Repeats} repeats" : "")}";
}

/// <summary>
/// One fold: the indices (into the dataset) its training part holds and those its test part holds, both
/// sorted. A validation set, when training needs one, is carved out of Train (see <see cref="ValidationSplit"/>).
/// </summary>
public sealed record Fold(int Repeat, int Index, int[] Train, int[] Test);
