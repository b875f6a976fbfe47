using System.Globalization;
using Crossfold.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads typed values out of a sweep file's YAML nodes. Nothing here throws on bad input: each problem
/// is recorded with its field path and position and reading goes on, so the user sees every problem at once.
/// A reader returns null for a value it could not read; callers simply skip what depends on it.
/// </summary>
internal sealed class SweepReader(SweepFileOptions options)
{
    private readonly List<SweepError> errors = [];
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> columns = new(StringComparer.Ordinal);

    /// <summary>Where relative dataset paths resolve and which limits apply.</summary>
    public SweepFileOptions Options => options;

    public IReadOnlyList<SweepError> Errors => errors;
    public IReadOnlyDictionary<string, int> Lines => lines;
    public IReadOnlyDictionary<string, int> Columns => columns;

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    public static string Item(string path, int index) => $"{path}[{index}]";

    public void Error(string path, Mark at, string message) => errors.Add(new SweepError(path, (int)at.Line, (int)at.Column, message));
    public void Error(string path, YamlNode at, string message) => Error(path, at.Start, message);

    /// <summary>Remembers where <paramref name="path"/> is, for errors found after parsing.</summary>
    public void Note(string path, YamlNode node)
    {
        if (lines.TryAdd(path, (int)node.Start.Line)) columns[path] = (int)node.Start.Column;
    }

    /// <summary>YAML's null: an empty value, ~ or null, unquoted.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>How a node looks to a user, for "got …" in messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };

    /// <summary>
    /// The keys of a mapping, checked against <paramref name="allowed"/>: an unknown key is reported with the
    /// closest allowed one, because a misspelt optional key would otherwise be silently ignored.
    /// </summary>
    public Fields? Fields(string path, YamlNode node, IReadOnlyCollection<string> allowed, string expected = "a mapping")
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(path, node, $"expected {expected}, got {Describe(node)}");
            return null;
        }
        var entries = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: string key } || IsNull(keyNode))
            {
                Error(path, keyNode, $"expected a field name, got {Describe(keyNode)}");
                continue;
            }
            string at = Join(path, key);
            if (!allowed.Contains(key))
            {
                string hint = DidYouMean.Hint(key, allowed);
                Error(at, keyNode, $"unknown key '{key}'{(hint.Length > 0 ? hint : $" (expected one of: {string.Join(", ", allowed)})")}");
                continue;
            }
            entries[key] = (keyNode, value);
            Note(at, keyNode);
        }
        return new Fields(path, mapping, entries);
    }

    /// <summary>The items of a list, each with its path and line remembered.</summary>
    public IReadOnlyList<(string Path, YamlNode Node)>? Sequence(string path, YamlNode node, string expected)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(path, node, $"expected {expected}, got {Describe(node)}");
            return null;
        }
        var items = sequence.Children.Select((item, i) => (Item(path, i), item)).ToList();
        foreach (var (itemPath, item) in items) Note(itemPath, item);
        return items;
    }

    /// <summary>A scalar's text (quoted or not: JSON quotes what YAML need not), or null after an error.</summary>
    public string? Scalar(string path, YamlNode node, string expected) =>
        node is YamlScalarNode { Value: string text } && !IsNull(node) ? text : Fail<string>(path, node, expected);

    /// <summary>Non-empty text, trimmed.</summary>
    public string? Text(string path, YamlNode node, string expected = "a non-empty text") =>
        Scalar(path, node, expected) is string text && text.Trim().Length > 0 ? text.Trim() : Fail<string>(path, node, expected);

    public long? Integer(string path, YamlNode node, long min, long max, string expected) =>
        Scalar(path, node, expected) is string text
            ? long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max
                ? n
                : FailValue<long>(path, node, expected)
            : null;

    public int? Integer(string path, YamlNode node, int min, string expected) => (int?)Integer(path, node, min, int.MaxValue, expected);

    public double? Number(string path, YamlNode node, Func<double, bool> valid, string expected) =>
        Scalar(path, node, expected) is string text
            ? double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) && valid(x)
                ? x
                : FailValue<double>(path, node, expected)
            : null;

    public bool? Boolean(string path, YamlNode node) =>
        Scalar(path, node, "true or false")?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => FailValue<bool>(path, node, "true or false"),
        };

    /// <summary>One of a fixed set of words (case-insensitive), returned in its canonical spelling.</summary>
    public string? Word(string path, YamlNode node, IReadOnlyList<string> words, string what)
    {
        if (Scalar(path, node, $"one of {string.Join(", ", words)}") is not string text) return null;
        if (words.FirstOrDefault(w => string.Equals(w, text.Trim(), StringComparison.OrdinalIgnoreCase)) is string word) return word;
        Error(path, node, $"unknown {what} '{text}'{DidYouMean.Hint(text, words)} (expected one of {string.Join(", ", words)})");
        return null;
    }

    /// <summary>A list of integers of at least <paramref name="min"/>, e.g. layer sizes; null when any item is wrong.</summary>
    public int[]? Integers(string path, YamlNode node, int min, string expectedItem, string expectedList)
    {
        if (Sequence(path, node, expectedList) is not { } items) return null;
        var values = items.Select(item => Integer(item.Path, item.Node, min, expectedItem)).ToList();
        return values.All(v => v.HasValue) ? values.Select(v => v!.Value).ToArray() : null;
    }

    private T? Fail<T>(string path, YamlNode node, string expected) where T : class
    {
        Error(path, node, $"expected {expected}, got {Describe(node)}");
        return null;
    }

    private T? FailValue<T>(string path, YamlNode node, string expected) where T : struct
    {
        Error(path, node, $"expected {expected}, got {Describe(node)}");
        return null;
    }
}
