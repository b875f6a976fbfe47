using Crossfold.Core.Folds;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>Reads <c>folds:</c>: a fold count, or a mapping with k, stratified, repeats and inner_k (nested cross-validation).</summary>
internal static class FoldsSection
{
    private const string Path = "folds";
    private const string KExpected = "an integer of at least 2 (the number of folds)";

    /// <summary>Five stratified folds, as in the seed notebook (which did not stratify; stratified is what classifiers want).</summary>
    public static CrossValidationSpec Default { get; } = new(5);

    public static CrossValidationSpec? Read(SweepReader r, YamlNode? node)
    {
        if (node is null) return Default;
        if (node is YamlScalarNode) return r.Integer(Path, node, 2, KExpected) is int k ? new CrossValidationSpec(k) : null;

        if (r.Fields(Path, node, ["k", "stratified", "repeats", "inner_k"], "a fold count or a mapping like {k: 5, stratified: true}") is not { } f) return null;
        int errorsBefore = r.Errors.Count;
        int? folds = null;
        if (f["k"] is { } kNode) folds = r.Integer(f.PathOf("k"), kNode, 2, KExpected);
        else r.Error(f.PathOf("k"), f.Where("k"), $"required: {KExpected}");
        bool? stratified = f["stratified"] is { } s ? r.Boolean(f.PathOf("stratified"), s) : true;
        int? repeats = f["repeats"] is { } rep ? r.Integer(f.PathOf("repeats"), rep, 1, "a positive integer") : 1;
        int? innerK = f["inner_k"] is { } inner ? r.Integer(f.PathOf("inner_k"), inner, 2, "an integer of at least 2 (the inner folds of nested cross-validation)") : 0;
        return r.Errors.Count > errorsBefore ? null : new CrossValidationSpec(folds!.Value, stratified!.Value, repeats!.Value, innerK!.Value);
    }
}
