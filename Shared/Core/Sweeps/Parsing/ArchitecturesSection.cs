using Crossfold.Core.Architectures;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads <c>architectures:</c>: presets by name, family descriptions and explicit layer lists, each checked
/// with <see cref="ShapeInference"/> on 28x28 MNIST images so an impossible network fails here, not on a worker.
/// </summary>
internal static class ArchitecturesSection
{
    private const string Path = "architectures";
    private const string Sizes = "a list of positive integers like [128, 64]";
    private const string Rate = "a dropout rate in [0, 1)";

    private static readonly Dictionary<string, string[]> FamilyKeys = new()
    {
        ["mlp"] = ["hidden", "dropout"],
        ["cnn"] = ["conv", "kernel", "padding", "pool", "batch_norm", "dense", "dropout"],
        ["resnet"] = ["blocks", "width", "preact"],
        ["densenet"] = ["blocks", "growth", "compression", "width"],
    };

    // where: the key when written empty, else the start of the file: what a "missing" error points at.
    public static ArchitectureSpec[]? Read(SweepReader r, YamlNode? node, YamlNode where)
    {
        if (node is null)
        {
            r.Error(Path, where, "required: list at least one architecture (a preset such as seed-cnn-5, a family, or layers)");
            return null;
        }
        if (r.Sequence(Path, node, "a list of architectures") is not { } items) return null;
        if (items.Count == 0)
        {
            r.Error(Path, node, "expected at least one architecture");
            return null;
        }

        int errorsBefore = r.Errors.Count;
        var architectures = new List<ArchitectureSpec>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // name → where it was first used
        foreach (var (itemPath, item) in items)
        {
            int before = r.Errors.Count;
            if (Architecture(r, itemPath, item) is not ArchitectureSpec architecture)
            {
                // Never drop an architecture silently: a sweep without it would run and report the wrong table.
                if (r.Errors.Count == before) r.Error(itemPath, item, "is not a valid architecture");
                continue;
            }
            // Names label the trials in every report, so two architectures may not share one.
            if (seen.TryGetValue(architecture.Name, out string? first))
            {
                r.Error(itemPath, item, $"duplicate architecture name '{architecture.Name}' (also {first})");
                continue;
            }
            seen[architecture.Name] = itemPath;
            try
            {
                ShapeInference.ForMnist(architecture);
                architectures.Add(architecture);
            }
            catch (InputException e) { r.Error(itemPath, item, e.Message); }
        }
        return r.Errors.Count > errorsBefore ? null : architectures.ToArray();
    }

    private static ArchitectureSpec? Architecture(SweepReader r, string path, YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            if (r.Text(path, node, "a preset name or a mapping") is not string name) return null;
            try { return Presets.Get(name); }
            catch (InputException e) { r.Error(path, node, e.Message); return null; }
        }

        string? family = FamilyOf(r, path, node);
        bool wroteFamily = ValueOf(node, "family") is not null, wroteLayers = ValueOf(node, "layers") is not null;
        string[] allowed = family is not null ? ["name", "family", "layers", .. FamilyKeys[family]]
            : wroteLayers && !wroteFamily ? ["name", "layers"]
            : ["name", "family", "layers", .. FamilyKeys.Values.SelectMany(k => k).Distinct()]; // unknown family: no cascade of key errors
        if (r.Fields(path, node, allowed, "a preset name or a mapping with name and family or layers") is not { } f) return null;

        int errorsBefore = r.Errors.Count;
        string? archName = f["name"] is { } n ? r.Text(f.PathOf("name"), n, "a non-empty name") : null;
        if (f["name"] is null) r.Error(f.PathOf("name"), f.Where("name"), "required: a name for the reports");
        if (wroteFamily && wroteLayers) r.Error(f.PathOf("layers"), f.Where("layers"), "give either family or layers, not both");
        else if (!wroteFamily && !wroteLayers) r.Error(path, node, $"needs family ({string.Join(", ", FamilyKeys.Keys)}) or layers: [...]");
        if (r.Errors.Count > errorsBefore || archName is null) return null;

        try
        {
            return family switch
            {
                "mlp" => Mlp(r, f, archName),
                "cnn" => Cnn(r, f, archName),
                "resnet" => ResNet(r, f, archName),
                "densenet" => DenseNet(r, f, archName),
                null when !wroteFamily => Layers(r, f.PathOf("layers"), ValueOf(node, "layers")!, archName),
                _ => null, // an unknown family, already reported
            };
        }
        catch (InputException e)
        {
            r.Error(path, node, e.Message);
            return null;
        }
    }

    /// <summary>The family, read first because it decides which other keys are allowed.</summary>
    private static string? FamilyOf(SweepReader r, string path, YamlNode node) =>
        ValueOf(node, "family") is { } value ? r.Word(SweepReader.Join(path, "family"), value, ArchitectureFamilies.Names, "family") : null;

    private static YamlNode? ValueOf(YamlNode node, string key) =>
        node is YamlMappingNode mapping ? mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode s && s.Value == key).Value : null;

    private static ArchitectureSpec? Mlp(SweepReader r, Fields f, string name)
    {
        int[]? hidden = Required(r, f, "hidden", "mlp") is { } h ? r.Integers(f.PathOf("hidden"), h, 1, "a positive integer", Sizes) : null;
        double? dropout = Dropout(r, f);
        return hidden is null || dropout is null ? null : ArchitectureFamilies.Mlp(name, hidden, dropout.Value);
    }

    private static ArchitectureSpec? Cnn(SweepReader r, Fields f, string name)
    {
        int errorsBefore = r.Errors.Count;
        int[]? conv = Required(r, f, "conv", "cnn") is { } c ? r.Integers(f.PathOf("conv"), c, 1, "a positive integer", Sizes) : null;
        if (conv is { Length: 0 }) r.Error(f.PathOf("conv"), f["conv"]!, "expected at least one conv layer");
        int? kernel = f["kernel"] is { } k ? r.Integer(f.PathOf("kernel"), k, 1, "a positive odd integer") : 3;
        if (kernel is int even && even % 2 == 0) r.Error(f.PathOf("kernel"), f["kernel"]!, $"expected a positive odd integer, got '{even}'");
        string? padding = f["padding"] is { } p ? r.Word(f.PathOf("padding"), p, ["same", "valid"], "padding") : "same";
        bool? pool = f["pool"] is { } pl ? r.Boolean(f.PathOf("pool"), pl) : true;
        bool? batchNorm = f["batch_norm"] is { } bn ? r.Boolean(f.PathOf("batch_norm"), bn) : false;
        int[]? dense = f["dense"] is { } d ? r.Integers(f.PathOf("dense"), d, 1, "a positive integer", Sizes) : [];
        double? dropout = Dropout(r, f);
        if (r.Errors.Count > errorsBefore || conv is null || dense is null) return null;
        return ArchitectureFamilies.Cnn(name, conv, kernel!.Value, padding == "same", pool!.Value, batchNorm!.Value, dense, dropout!.Value);
    }

    private static ArchitectureSpec? ResNet(SweepReader r, Fields f, string name)
    {
        int errorsBefore = r.Errors.Count;
        int[]? blocks = f["blocks"] is { } b ? r.Integers(f.PathOf("blocks"), b, 1, "a positive integer", "a list of blocks per stage like [2, 2]") : [2, 2];
        if (blocks is { Length: 0 }) r.Error(f.PathOf("blocks"), f["blocks"]!, "expected at least one stage");
        int? width = f["width"] is { } w ? r.Integer(f.PathOf("width"), w, 1, "a positive integer") : 16;
        bool? preact = f["preact"] is { } p ? r.Boolean(f.PathOf("preact"), p) : false;
        return r.Errors.Count > errorsBefore || preact is null ? null : ArchitectureFamilies.ResNet(name, blocks, width!.Value, preact.Value);
    }

    private static ArchitectureSpec? DenseNet(SweepReader r, Fields f, string name)
    {
        int errorsBefore = r.Errors.Count;
        int[]? blocks = f["blocks"] is { } b ? r.Integers(f.PathOf("blocks"), b, 1, "a positive integer", "a list of layers per dense block like [4, 4, 4]") : [4, 4, 4];
        if (blocks is { Length: 0 }) r.Error(f.PathOf("blocks"), f["blocks"]!, "expected at least one dense block");
        int? growth = f["growth"] is { } g ? r.Integer(f.PathOf("growth"), g, 1, "a positive integer") : 12;
        double? compression = f["compression"] is { } c ? r.Number(f.PathOf("compression"), c, x => x > 0 && x <= 1, "a number in (0, 1]") : 0.5;
        int? width = f["width"] is { } w ? r.Integer(f.PathOf("width"), w, 1, "a positive integer") : null;
        return r.Errors.Count > errorsBefore ? null : ArchitectureFamilies.DenseNet(name, blocks, growth!.Value, compression!.Value, width);
    }

    /// <summary>An explicit layer list in the one-line syntax; each bad token is reported at its own line.</summary>
    private static ArchitectureSpec? Layers(SweepReader r, string path, YamlNode node, string name)
    {
        if (r.Sequence(path, node, "a list of layers like [conv 32 same, pool 2, dense 128]") is not { } items) return null;
        var layers = new List<LayerSpec>();
        foreach (var (layerPath, layerNode) in items)
        {
            if (r.Text(layerPath, layerNode, "a layer like 'conv 32 same'") is not string text) continue;
            try { layers.Add(LayerSyntax.Parse(text)); }
            catch (InputException e) { r.Error(layerPath, layerNode, e.Message); }
        }
        return layers.Count == items.Count ? new ArchitectureSpec(name, layers.ToArray()) : null;
    }

    private static YamlNode? Required(SweepReader r, Fields f, string key, string family)
    {
        if (f[key] is { } value) return value;
        r.Error(f.PathOf(key), f.Where(key), $"required for family {family}: {Sizes}");
        return null;
    }

    private static double? Dropout(SweepReader r, Fields f) =>
        f["dropout"] is { } d ? r.Number(f.PathOf("dropout"), d, x => x >= 0 && x < 1, Rate) : 0;
}
