using Crossfold.Core.Randomness;

namespace Crossfold.Core.Folds;

/// <summary>
/// The inner folds of nested cross-validation: each outer fold's training part split again, the same way on
/// every node, into <see cref="CrossValidationSpec.InnerK"/> folds on which the trials compete. The outer
/// fold's test part is in none of them: it only scores the trial its inner folds chose.
/// </summary>
public static class NestedFolds
{
    /// <summary>
    /// Inner fold <paramref name="inner"/> of outer fold (<paramref name="repeat"/>, <paramref name="outer"/>): Train and
    /// Test are sorted dataset indices, disjoint, and together exactly the outer fold's training part.
    /// <para>How: the outer training part's labels are split by <see cref="FoldSplitter"/> with InnerK folds (stratified
    /// when the outer split is) and the seed CounterRandom.Derive(<paramref name="seed"/>, "inner", repeat, outer), so every
    /// outer fold has inner folds of its own, and every trial sees the same ones.</para>
    /// </summary>
    /// <exception cref="InputException">The spec is not nested, or an outer training part cannot be split (see <see cref="Problem"/>).</exception>
    public static Fold Inner(ReadOnlySpan<byte> labels, CrossValidationSpec spec, ulong seed, int repeat, int outer, int inner)
    {
        if (!spec.Nested) throw new InputException($"folds: {spec} has no inner folds");
        var outerFold = FoldSplitter.Get(labels, spec, seed, repeat, outer);
        var part = outerFold.Train;
        var innerFold = FoldSplitter.Get(LabelsOf(labels, part), InnerSpec(spec), InnerSeed(seed, repeat, outer), 0, inner);
        // Positions in the (sorted) training part map back to sorted dataset indices.
        return new Fold(repeat, outer, Array.ConvertAll(innerFold.Train, i => part[i]), Array.ConvertAll(innerFold.Test, i => part[i]));
    }

    /// <summary>
    /// Why the outer training parts of <paramref name="spec"/> cannot be split into its inner folds, as one sentence starting
    /// "folds.inner_k:", or null when every one can (or the spec is not nested). Checks every outer fold of every repeat.
    /// </summary>
    public static string? Problem(ReadOnlySpan<byte> labels, CrossValidationSpec spec, ulong seed)
    {
        if (!spec.Nested) return null;
        if (spec.InnerK < 2) return $"folds.inner_k: need at least 2 inner folds, got {spec.InnerK}";
        if (FoldSplitter.Problem(labels, spec) is string outer) return outer;
        foreach (var fold in FoldSplitter.Split(labels, spec, seed))
            if (FoldSplitter.Problem(LabelsOf(labels, fold.Train), InnerSpec(spec)) is string problem)
                return $"folds.inner_k: the training part of outer fold {fold.Index + 1}{(spec.Repeats > 1 ? $" (repeat {fold.Repeat + 1})" : "")} " +
                       $"cannot be split: {problem["folds: ".Length..]}";
        return null;
    }

    /// <summary>The spec that splits one outer training part: InnerK folds, one repeat, stratified as the outer split.</summary>
    static CrossValidationSpec InnerSpec(CrossValidationSpec spec) => new(spec.InnerK, spec.Stratified);

    static ulong InnerSeed(ulong seed, int repeat, int outer) => CounterRandom.Derive(seed, "inner", (ulong)repeat, (ulong)outer);

    static byte[] LabelsOf(ReadOnlySpan<byte> labels, int[] indices)
    {
        var part = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++) part[i] = labels[indices[i]];
        return part;
    }
}
