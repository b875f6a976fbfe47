using Crossfold.Core.Noise;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads <c>noise:</c>: one setting or a list of them, where a list of parameter values expands to one setting each.
/// Any setting may say <c>redraw: per_sweep | per_repeat</c>; the choice is the sweep's, so settings that say it must agree.
/// <c>evaluate.noise</c> is read by the same code at its own path, so both lists have one syntax.
/// </summary>
internal static class NoiseSection
{
    private const string RedrawKey = "redraw";
    private static readonly string[] KindNames = Enum.GetValues<NoiseKind>().Select(NoiseSpec.KindName).ToArray();
    private static readonly string[] AllKeys = ["kind", RedrawKey, .. Enum.GetValues<NoiseKind>().Select(NoiseSpec.ParameterName).OfType<string>().Distinct()];
    private static readonly string[] RedrawWords = ["per_sweep", "per_repeat"];

    /// <summary>The noise settings and how often their noise is drawn.</summary>
    public sealed record Result(NoiseSpec[] Settings, NoiseRedraw Redraw);

    /// <summary>The settings at <paramref name="path"/> (<c>noise</c>, or <c>evaluate.noise</c>); clean images when <paramref name="node"/> is absent.</summary>
    public static Result? Read(SweepReader r, YamlNode? node, string path = "noise")
    {
        if (node is null) return new([NoiseSpec.Clean], NoiseRedraw.PerSweep);
        var items = node is YamlSequenceNode ? r.Sequence(path, node, "a list of noise settings") : [(path, node)];
        if (items is null) return null;
        if (items.Count == 0)
        {
            r.Error(path, node, path == "noise"
                ? "expected at least one noise setting (leave noise out for clean images)"
                : $"expected at least one noise setting (leave {path} out to score under the training noise only)");
            return null;
        }

        int errorsBefore = r.Errors.Count;
        var redraw = Redraw(r, items);
        var settings = new List<NoiseSpec>();
        var seen = new Dictionary<string, string>(); // label → where it was first written
        foreach (var (itemPath, item) in items)
            foreach (var (spec, at, where) in Setting(r, itemPath, item))
            {
                // Labels, not values, must be unique: they name the trials in every report.
                string label = spec.ToString();
                if (seen.TryGetValue(label, out string? first)) r.Error(at, where, $"'{label}' is already at {first}");
                else { seen[label] = at; settings.Add(spec); }
            }
        return r.Errors.Count > errorsBefore ? null : new(settings.ToArray(), redraw);
    }

    /// <summary>The <c>redraw</c> the settings agree on (per_sweep when none says); an error at the first that disagrees.</summary>
    private static NoiseRedraw Redraw(SweepReader r, IReadOnlyList<(string Path, YamlNode Node)> items)
    {
        (string Word, string Path)? first = null;
        foreach (var (path, item) in items)
        {
            if (item is not YamlMappingNode mapping) continue;
            var node = mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: RedrawKey }).Value;
            if (node is null) continue;
            string at = SweepReader.Join(path, RedrawKey);
            if (r.Word(at, node, RedrawWords, "redraw") is not string word) continue;
            if (first is null) first = (word, at);
            else if (first.Value.Word != word)
                r.Error(at, node, $"{word} disagrees with {first.Value.Path}: {first.Value.Word} (how often noise is drawn is one choice for the whole sweep)");
        }
        return first?.Word == "per_repeat" ? NoiseRedraw.PerRepeat : NoiseRedraw.PerSweep;
    }

    private static IEnumerable<(NoiseSpec Spec, string Path, YamlNode Node)> Setting(SweepReader r, string path, YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            if (r.Word(path, node, ["none"], "noise setting") is not null) yield return (NoiseSpec.Clean, path, node);
            yield break;
        }
        NoiseKind? kind = Kind(r, path, node);
        string? parameter = kind is NoiseKind k ? NoiseSpec.ParameterName(k) : null;
        string[] allowed = kind is null ? AllKeys : parameter is null ? ["kind", RedrawKey] : ["kind", parameter, RedrawKey];
        if (r.Fields(path, node, allowed, "a mapping like {kind: gaussian, sigma: 0.5, redraw: per_repeat}, or none") is not { } f || kind is not NoiseKind known) yield break;
        if (parameter is null)
        {
            yield return (NoiseSpec.Clean, path, node);
            yield break;
        }
        if (f[parameter] is not { } value)
        {
            r.Error(f.PathOf(parameter), f.Where(parameter), $"required for {NoiseSpec.KindName(known)} noise");
            yield break;
        }
        var values = value is YamlSequenceNode ? r.Sequence(f.PathOf(parameter), value, "") : [(f.PathOf(parameter), value)];
        if (values is { Count: 0 }) r.Error(f.PathOf(parameter), value, "expected at least one value");
        foreach (var (valuePath, v) in values ?? [])
            if (Amount(r, valuePath, v, known) is double amount) yield return (new NoiseSpec(known, amount), valuePath, v);
    }

    /// <summary>The kind, read before the other keys because it decides which parameter key is allowed.</summary>
    private static NoiseKind? Kind(SweepReader r, string path, YamlNode node)
    {
        if (node is not YamlMappingNode mapping) return null;
        var kindNode = mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "kind" }).Value;
        if (kindNode is null)
        {
            r.Error(SweepReader.Join(path, "kind"), node, $"required: one of {string.Join(", ", KindNames)}");
            return null;
        }
        return r.Word(SweepReader.Join(path, "kind"), kindNode, KindNames, "noise kind") is string name
            ? Enum.GetValues<NoiseKind>().First(k => NoiseSpec.KindName(k) == name)
            : null;
    }

    private static double? Amount(SweepReader r, string path, YamlNode node, NoiseKind kind) => kind switch
    {
        NoiseKind.SaltAndPepper => r.Number(path, node, x => x is >= 0 and <= 1, "a fraction from 0 to 1"),
        _ => r.Number(path, node, x => x >= 0, "a non-negative number"),
    };
}
