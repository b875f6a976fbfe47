using System.Globalization;
using Crossfold.Core.Search;
using Crossfold.Core.Text;
using Crossfold.Core.Training;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads <c>hyperparameters:</c>: for a grid, lists whose every combination becomes a trial; for random
/// search, lists (a choice) or distributions to draw from. Axes keep the file's order.
/// </summary>
internal static class HyperparametersSection
{
    private const string Path = "hyperparameters";

    // What a numeric distribution may draw for each hyperparameter: integers only, or nothing (a word).
    private static readonly HashSet<string> IntegerNames = ["epochs", "batch_size", "early_stopping", "augment_shift"];
    private static readonly HashSet<string> WordNames = ["optimizer", "precision"];

    /// <param name="method">The search method, or null when search: has errors (then no distribution is refused for it).</param>
    public static HyperparameterAxis[]? Read(SweepReader r, YamlNode? node, SearchMethod? method)
    {
        if (node is null) return [];
        if (r.Fields(Path, node, HyperparameterRules.Names.ToArray(), "a mapping like {learning_rate: [0.001, 0.0003]}") is not { } f) return null;

        int errorsBefore = r.Errors.Count;
        var axes = new List<HyperparameterAxis>();
        foreach (string name in f.Keys)
        {
            string path = f.PathOf(name);
            if (f[name] is not { } valuesNode)
            {
                r.Error(path, f.Where(name), "expected a non-empty list of values");
                continue;
            }
            if (valuesNode is YamlMappingNode mapping)
            {
                if (Drawn(r, path, name, mapping, method) is { } axis) axes.Add(axis);
                continue;
            }
            if (Values(r, path, name, valuesNode) is { } values) axes.Add(new HyperparameterAxis(name, values));
        }
        return r.Errors.Count > errorsBefore ? null : axes.ToArray();
    }

    /// <summary>A list of distinct values, e.g. [0.001, 0.0003]; null after an error.</summary>
    private static string[]? Values(SweepReader r, string path, string name, YamlNode valuesNode)
    {
        if (r.Sequence(path, valuesNode, $"a list of values, e.g. {name}: [a, b]") is not { } items) return null;
        int errorsBefore = r.Errors.Count;
        if (items.Count == 0) r.Error(path, valuesNode, "expected a non-empty list of values");
        var values = new List<string>();
        var seen = new Dictionary<TrainingSettings, string>(); // effect → where first written: 0.001 and 1e-3 are one trial
        foreach (var (itemPath, item) in items)
        {
            if (r.Scalar(itemPath, item, HyperparameterRules.Expected(name)) is not string text) continue;
            if (Effect(r, itemPath, item, name, text) is not { } effect) continue;
            if (seen.TryGetValue(effect, out string? first))
                r.Error(itemPath, item, $"'{text.Trim()}' is the same value as {first}");
            else
            {
                seen[effect] = itemPath;
                values.Add(text.Trim());
            }
        }
        return r.Errors.Count > errorsBefore ? null : values.ToArray();
    }

    /// <summary>What one value does to the default settings, or null after recording why it is not valid here.</summary>
    private static TrainingSettings? Effect(SweepReader r, string path, YamlNode at, string name, string text)
    {
        if (!HyperparameterRules.TryApply(new TrainingSettings(), name, text, out var effect, out string problem))
            r.Error(path, at, problem);
        else if (name == "epochs" && r.Options.Limits.EpochsProblem(effect.Epochs) is string tooLong)
            r.Error(path, at, tooLong);
        else
            return effect;
        return null;
    }

    /// <summary>A one-key mapping naming a distribution: <c>{choice: [...]}</c> or e.g. <c>{log_uniform: [low, high]}</c>.</summary>
    private static HyperparameterAxis? Drawn(SweepReader r, string path, string name, YamlMappingNode mapping, SearchMethod? method)
    {
        foreach (var key in mapping.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is string v && !Distribution.Names.Contains(v)))
        {
            r.Error(SweepReader.Join(path, key.Value!), key,
                $"unknown distribution '{key.Value}'{DidYouMean.Hint(key.Value!, Distribution.Names)} (expected one of: {string.Join(", ", Distribution.Names)})");
            return null;
        }
        if (r.Fields(path, mapping, Distribution.Names, "a list of values, or a distribution like {log_uniform: [0.0001, 0.01]}") is not { } f) return null;
        var keys = f.Keys.ToList();
        if (keys.Count != 1)
        {
            if (keys.Count > 1) r.Error(path, mapping, $"expected one distribution, got {keys.Count}: {string.Join(", ", keys)}");
            else if (mapping.Children.Count == 0) r.Error(path, mapping, $"expected a distribution, one of {string.Join(", ", Distribution.Names)}");
            return null;
        }
        string kindName = keys[0];
        string at = f.PathOf(kindName);
        if (f[kindName] is not { } body)
        {
            r.Error(at, f.Where(kindName), kindName == "choice" ? "expected a non-empty list of values" : "expected [low, high]");
            return null;
        }
        // A choice is a list by another name: a grid runs every value, a random search draws among them.
        if (kindName == "choice") return Values(r, at, name, body) is { } values ? new HyperparameterAxis(name, values) : null;

        var kind = Distribution.KindOf(kindName)!.Value;
        if (method == SearchMethod.Grid)
        {
            r.Error(path, mapping, $"{kindName} is a distribution, which method: grid cannot enumerate; list the values to try, or set search.method: random");
            return null;
        }
        if (WordNames.Contains(name))
        {
            r.Error(at, f.Where(kindName), $"{name} takes words, not numbers: use a list or {{choice: [...]}}");
            return null;
        }
        bool integer = kind is DistributionKind.IntUniform or DistributionKind.IntLogUniform;
        if (IntegerNames.Contains(name) && !integer)
        {
            r.Error(at, f.Where(kindName), $"{name} takes integers: use int_uniform or int_log_uniform");
            return null;
        }
        if (r.Sequence(at, body, "[low, high]") is not { } items) return null;
        if (items.Count != 2)
        {
            r.Error(at, body, $"expected [low, high], got {items.Count} value{(items.Count == 1 ? "" : "s")}");
            return null;
        }
        string boundExpected = integer ? "an integer bound" : "a number bound";
        var bounds = items.Select(item => integer
            ? (double?)r.Integer(item.Path, item.Node, int.MinValue, int.MaxValue, boundExpected)
            : r.Number(item.Path, item.Node, _ => true, boundExpected)).ToArray();
        if (bounds[0] is not double low || bounds[1] is not double high) return null;
        if (low >= high)
        {
            r.Error(at, body, $"low must be below high, got [{Format(low)}, {Format(high)}]");
            return null;
        }
        if (kind is DistributionKind.LogUniform or DistributionKind.IntLogUniform && low <= 0)
        {
            r.Error(at, body, $"{kindName} needs positive bounds (it draws on a logarithmic scale), got [{Format(low)}, {Format(high)}]");
            return null;
        }
        // Both bounds must be values the hyperparameter accepts: every draw lies between them.
        bool valid = true;
        foreach (var (item, bound) in items.Zip(bounds))
            valid &= Effect(r, item.Path, item.Node, name, Format(bound!.Value)) is not null;
        return valid ? new HyperparameterAxis(name, [], new Distribution(kind, low, high)) : null;
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
