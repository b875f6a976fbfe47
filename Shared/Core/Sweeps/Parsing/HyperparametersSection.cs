using Crossfold.Core.Training;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>Reads <c>hyperparameters:</c>, a grid whose every combination becomes a trial; axes keep the file's order.</summary>
internal static class HyperparametersSection
{
    private const string Path = "hyperparameters";

    public static HyperparameterAxis[]? Read(SweepReader r, YamlNode? node)
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
            if (r.Sequence(path, valuesNode, $"a list of values, e.g. {name}: [a, b]") is not { } items) continue;
            if (items.Count == 0) r.Error(path, valuesNode, "expected a non-empty list of values");
            var values = new List<string>();
            var seen = new Dictionary<TrainingSettings, string>(); // effect → where first written: 0.001 and 1e-3 are one trial
            foreach (var (itemPath, item) in items)
            {
                if (r.Scalar(itemPath, item, HyperparameterRules.Expected(name)) is not string text) continue;
                if (!HyperparameterRules.TryApply(new TrainingSettings(), name, text, out var effect, out string problem))
                    r.Error(itemPath, item, problem);
                else if (name == "epochs" && r.Options.Limits.EpochsProblem(effect.Epochs) is string tooLong)
                    r.Error(itemPath, item, tooLong);
                else if (seen.TryGetValue(effect, out string? first))
                    r.Error(itemPath, item, $"'{text.Trim()}' is the same value as {first}");
                else
                {
                    seen[effect] = itemPath;
                    values.Add(text.Trim());
                }
            }
            axes.Add(new HyperparameterAxis(name, values.ToArray()));
        }
        return r.Errors.Count > errorsBefore ? null : axes.ToArray();
    }
}
