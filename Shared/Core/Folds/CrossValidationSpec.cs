using MessagePack;

namespace Crossfold.Core.Folds;

/// <summary>
/// How a sweep splits its data: k folds, stratified or plain shuffled, repeated r times; with <see cref="InnerK"/> above 0,
/// nested: each outer fold's training part is split again into InnerK inner folds that choose the trial (see <see cref="NestedFolds"/>).
/// </summary>
[MessagePackObject]
public sealed record CrossValidationSpec(
    [property: Key(0)] int K,
    [property: Key(1)] bool Stratified = true,
    [property: Key(2)] int Repeats = 1,
    [property: Key(3)] int InnerK = 0)
{
    /// <summary>Whether the sweep runs nested cross-validation (<c>folds.inner_k</c>).</summary>
    [IgnoreMember]
    public bool Nested => InnerK > 0;

    public override string ToString() =>
        $"{K}-fold {(Stratified ? "stratified" : "shuffled")}{(Repeats > 1 ? $" x{Repeats} repeats" : "")}{(Nested ? $", nested ({InnerK} inner folds)" : "")}";
}

/// <summary>
/// One fold: the indices (into the dataset) its training part holds and those its test part holds, both
/// sorted. A validation set, when training needs one, is carved out of Train (see <see cref="ValidationSplit"/>).
/// </summary>
public sealed record Fold(int Repeat, int Index, int[] Train, int[] Test);
