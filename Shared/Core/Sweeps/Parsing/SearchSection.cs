using Crossfold.Core.Search;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads <c>search:</c> (method, trials, batch, max_trials, max_hours, racing), and checks it against the rest of the
/// sweep once that is read: racing against the fold count, the trial budget against the trials.
/// </summary>
internal static class SearchSection
{
    private const string Path = "search";
    private static readonly string[] Methods = ["grid", "random", "tpe"];

    /// <summary>The search settings (a grid when absent) and the mapping they came from, for the later checks.</summary>
    public static (SearchSpec Spec, Fields? Fields)? Read(SweepReader r, YamlNode? node)
    {
        if (node is null) return (SearchSpec.Grid, null);
        if (r.Fields(Path, node, ["method", "trials", "batch", "max_trials", "max_hours", "racing"], "a mapping like {method: random, trials: 20}") is not { } f) return null;
        int errorsBefore = r.Errors.Count;

        SearchMethod? method = SearchMethod.Grid;
        if (f["method"] is { } m)
            method = r.Word(f.PathOf("method"), m, Methods, "search method") is string word ? Enum.Parse<SearchMethod>(word, ignoreCase: true) : null;
        int? trials = null;
        if (f["trials"] is { } t)
        {
            trials = r.Integer(f.PathOf("trials"), t, 1, "a positive integer (how many trials to draw)");
            if (trials is not null && method == SearchMethod.Grid)
                r.Error(f.PathOf("trials"), f.Where("trials"), "applies to method: random or tpe only; a grid runs every combination (limit it with max_trials)");
        }
        else if (method is SearchMethod.Random or SearchMethod.Tpe)
            r.Error(f.PathOf("trials"), f.Where("method"), $"required with method: {SearchSpec.MethodName(method.Value)}: how many trials to draw, e.g. trials: 20");
        int? batch = null;
        if (f["batch"] is { } b)
        {
            batch = r.Integer(f.PathOf("batch"), b, 1, "a positive integer (trials TPE proposes per round)");
            if (batch is not null && method != SearchMethod.Tpe)
                r.Error(f.PathOf("batch"), f.Where("batch"), "applies to method: tpe only (the trials it proposes per round)");
        }
        int? maxTrials = f["max_trials"] is { } mt ? r.Integer(f.PathOf("max_trials"), mt, 1, "a positive integer (the most trials this sweep may have)") : null;
        double? maxHours = f["max_hours"] is { } mh
            ? r.Number(f.PathOf("max_hours"), mh, x => x > 0 && x <= TimeBudget.MaxHours,
                $"a positive number of hours, at most {TimeBudget.MaxHours:0} (the sweep's wall-clock budget, e.g. 2.5)")
            : null;
        RacingSpec? racing = f["racing"] is { } rn ? Racing(r, f.PathOf("racing"), rn) : null;

        if (r.Errors.Count > errorsBefore || method is null) return null;
        return (new SearchSpec(method.Value, method is SearchMethod.Random or SearchMethod.Tpe ? trials!.Value : 0, maxTrials, racing, maxHours,
            method == SearchMethod.Tpe ? batch ?? Math.Min(SearchSpec.DefaultBatch, trials!.Value) : 0), f);
    }

    private static RacingSpec? Racing(SweepReader r, string path, YamlNode node)
    {
        if (r.Fields(path, node, ["alpha", "min_folds"], "a mapping like {alpha: 0.05, min_folds: 3}") is not { } f) return null;
        double? alpha = f["alpha"] is { } a ? r.Number(f.PathOf("alpha"), a, x => x > 0 && x <= 0.5, "a number above 0 and at most 0.5 (the significance level of the one-sided test)") : RacingSpec.DefaultAlpha;
        int? minFolds = f["min_folds"] is { } mf ? r.Integer(f.PathOf("min_folds"), mf, 2, "an integer of at least 2 (folds before the first comparison)") : RacingSpec.DefaultMinFolds;
        return alpha is null || minFolds is null ? null : new RacingSpec(alpha.Value, minFolds.Value);
    }

    /// <summary>Checks the search settings against the whole sweep; false after recording each problem.</summary>
    public static bool Check(SweepReader r, Fields? f, SweepDefinition definition)
    {
        if (f is null || definition.Search is not { } search) return true;
        int errorsBefore = r.Errors.Count;
        int k = definition.CrossValidation.K;
        if (search.Racing is { } racing)
        {
            var at = (f.Node.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "racing" }).Value as YamlMappingNode)?
                .Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "min_folds" }).Value ?? f.Where("racing");
            if (definition.CrossValidation.Nested)
                r.Error(f.PathOf("racing"), f.Where("racing"), "cannot run with nested cross-validation (folds.inner_k): racing drops the folds the nested estimate needs");
            else if (k < 3)
                r.Error(f.PathOf("racing"), f.Where("racing"), $"needs at least 3 folds (folds is {k}): two folds leave the test nothing to compare");
            else if (racing.MinFolds > k)
                r.Error(SweepReader.Join(f.PathOf("racing"), "min_folds"), at, $"{racing.MinFolds} is more than the {k} folds; use at most {k}");
        }
        if (search.Method == SearchMethod.Tpe && definition.CrossValidation.Nested)
            r.Error(f.PathOf("method"), f.Where("method"), "tpe cannot run with nested cross-validation (folds.inner_k) yet; use method: random or grid");
        if (search.Batch > search.Trials && search.Method == SearchMethod.Tpe)
            r.Error(f.PathOf("batch"), f.Where("batch"), $"{search.Batch} is more than the {search.Trials} trials; use at most {search.Trials}");
        if (search.Draws && RandomSearch.SpaceSize(definition) is long size && size < search.Trials)
            r.Error(f.PathOf("trials"), f.Where("trials"), RandomSearch.TooFewPoints(search.Trials, size));
        if (search.MaxTrials is int max && TrialCount(definition) is var count && count > max)
            r.Error(f.PathOf("max_trials"), f.Where("max_trials"),
                $"the sweep has {count:N0} trials, more than max_trials {max}; {(search.Draws ? "draw fewer trials" : "list fewer values")} or raise the limit");
        return r.Errors.Count == errorsBefore;
    }

    /// <summary>How many trials the sweep runs: its draws for random search, every combination for a grid.</summary>
    private static long TrialCount(SweepDefinition d) => d.Search is { Draws: true }
        ? d.Search.Trials
        : d.Hyperparameters.Aggregate((long)d.Architectures.Length * d.Noise.Length, (p, a) => p > long.MaxValue / Math.Max(1, a.Values.Length) ? long.MaxValue : p * a.Values.Length);
}
