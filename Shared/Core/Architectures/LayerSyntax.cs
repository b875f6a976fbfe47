using System.Globalization;
using Crossfold.Core.Text;

namespace Crossfold.Core.Architectures;

/// <summary>
/// The one-line layer syntax of a sweep file's <c>layers:</c> list, both ways:
/// "dense 128", "conv 32" (3x3, valid padding), "conv 64 k5 same bn", "pool 2" ("pool" alone is 2),
/// "dropout 0.3", "residual 64 s2", "gap" (global average pooling), "dense_block 12 x6" (growth 12, 6 layers;
/// "bn" ends it with batch norm and ReLU), "transition 48". Words are case-insensitive.
/// Only the syntax is checked here; whether sizes make sense is <see cref="ShapeInference"/>'s job.
/// </summary>
public static class LayerSyntax
{
    /// <summary>The layer words, for messages and suggestions.</summary>
    public static IReadOnlyList<string> Words { get; } = ["dense", "conv", "pool", "dropout", "residual", "preact", "gap", "dense_block", "transition"];

    /// <summary>Reads one layer, e.g. "conv 64 k5 same bn".</summary>
    /// <exception cref="InputException">The text is not a layer; the message quotes the layer and names the offending token.</exception>
    public static LayerSpec Parse(string text)
    {
        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) throw new InputException($"empty layer; expected one of {string.Join(", ", Words)}");
        var reader = new Tokens(text, tokens);
        string word = tokens[0].ToLowerInvariant();
        LayerSpec layer = word switch
        {
            "dense" => LayerSpec.Dense(reader.Integer(1, "number of units")),
            "conv" => Conv(reader),
            "pool" => LayerSpec.Pool(tokens.Length > 1 ? reader.Integer(1, "pool window") : 2),
            "dropout" => LayerSpec.Dropout(reader.Number(1, "dropout rate")),
            "residual" => Residual(reader),
            "preact" => PreAct(reader),
            "gap" => LayerSpec.GlobalAvgPool(),
            "dense_block" => DenseBlock(reader),
            "transition" => LayerSpec.Transition(reader.Integer(1, "number of channels")),
            _ => throw reader.Error($"unknown layer '{tokens[0]}'{DidYouMean.Hint(tokens[0], Words)} (expected one of {string.Join(", ", Words)})"),
        };
        reader.NothingAfter(word switch { "conv" or "residual" or "preact" or "dense_block" => tokens.Length, "gap" => 1, _ => 2 });
        return layer;
    }

    /// <summary>Writes a layer in the canonical form that <see cref="Parse"/> reads back to an equal <see cref="LayerSpec"/>.</summary>
    public static string Format(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Dense => $"dense {layer.Size}",
        LayerKind.Conv => $"conv {layer.Size}{(layer.Kernel != 3 ? $" k{layer.Kernel}" : "")}{(layer.SamePadding ? " same" : "")}{(layer.BatchNorm ? " bn" : "")}",
        LayerKind.MaxPool => $"pool {layer.Size}",
        LayerKind.Dropout => $"dropout {layer.Rate.ToString("R", CultureInfo.InvariantCulture)}",
        LayerKind.Residual => $"residual {layer.Size}{(layer.Stride != 1 ? $" s{layer.Stride}" : "")}",
        LayerKind.PreActResidual => $"preact {layer.Size}{(layer.Stride != 1 ? $" s{layer.Stride}" : "")}{(layer.BatchNorm ? " bn" : "")}",
        LayerKind.GlobalAvgPool => "gap",
        LayerKind.DenseBlock => $"dense_block {layer.Size} x{layer.Depth}{(layer.BatchNorm ? " bn" : "")}",
        LayerKind.Transition => $"transition {layer.Size}",
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Kind, "no syntax for this layer kind"),
    };

    private static LayerSpec Conv(Tokens reader)
    {
        int filters = reader.Integer(1, "number of filters");
        int kernel = 3;
        bool same = false, batchNorm = false;
        for (int i = 2; i < reader.Count; i++)
        {
            string option = reader[i].ToLowerInvariant();
            if (option == "same") same = true;
            else if (option == "valid") same = false;
            else if (option == "bn") batchNorm = true;
            else if (option.StartsWith('k')) kernel = reader.Integer(i, "kernel size", skip: 1);
            else throw reader.Error($"unknown option '{reader[i]}' (expected kN, same, valid or bn)");
        }
        return LayerSpec.Conv(filters, kernel, same, batchNorm);
    }

    private static LayerSpec Residual(Tokens reader)
    {
        int channels = reader.Integer(1, "number of channels");
        int stride = 1;
        for (int i = 2; i < reader.Count; i++)
        {
            if (reader[i].StartsWith('s') || reader[i].StartsWith('S')) stride = reader.Integer(i, "stride", skip: 1);
            else throw reader.Error($"unknown option '{reader[i]}' (expected sN, the stride)");
        }
        return LayerSpec.Residual(channels, stride);
    }

    private static LayerSpec PreAct(Tokens reader)
    {
        int channels = reader.Integer(1, "number of channels");
        int stride = 1;
        bool closing = false;
        for (int i = 2; i < reader.Count; i++)
        {
            if (reader[i].Equals("bn", StringComparison.OrdinalIgnoreCase)) closing = true;
            else if (reader[i].StartsWith('s') || reader[i].StartsWith('S')) stride = reader.Integer(i, "stride", skip: 1);
            else throw reader.Error($"unknown option '{reader[i]}' (expected sN, the stride, or bn, a closing BN-ReLU)");
        }
        return LayerSpec.PreActResidual(channels, stride, closing);
    }

    private static LayerSpec DenseBlock(Tokens reader)
    {
        int growth = reader.Integer(1, "growth rate");
        int? depth = null;
        bool batchNorm = false;
        for (int i = 2; i < reader.Count; i++)
        {
            string option = reader[i].ToLowerInvariant();
            if (option == "bn") batchNorm = true;
            else if (option.StartsWith('x')) depth = reader.Integer(i, "number of layers", skip: 1);
            else throw reader.Error($"unknown option '{reader[i]}' (expected xN, the number of layers, or bn)");
        }
        return LayerSpec.DenseBlock(growth, depth ?? throw reader.Error("missing the number of layers, e.g. x6"), batchNorm);
    }

    /// <summary>The tokens of one layer text, with readers that quote the layer and the token in their errors.</summary>
    private sealed class Tokens(string text, string[] tokens)
    {
        public int Count => tokens.Length;
        public string this[int i] => tokens[i];

        public InputException Error(string problem) => new($"layer '{text.Trim()}': {problem}");

        /// <summary>Token <paramref name="i"/> as an integer, after skipping a one-letter prefix such as the k of "k5".</summary>
        public int Integer(int i, string what, int skip = 0)
        {
            if (i >= tokens.Length) throw Error($"missing the {what}");
            return int.TryParse(tokens[i].AsSpan(skip), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n)
                ? n
                : throw Error($"expected the {what} as an integer, got '{tokens[i]}'");
        }

        public double Number(int i, string what)
        {
            if (i >= tokens.Length) throw Error($"missing the {what}");
            return double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
                ? x
                : throw Error($"expected the {what} as a number, got '{tokens[i]}'");
        }

        public void NothingAfter(int used)
        {
            if (tokens.Length > used) throw Error($"unexpected '{tokens[used]}'");
        }
    }
}
