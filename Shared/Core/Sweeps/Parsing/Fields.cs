using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>A mapping of a sweep file whose keys have been checked: look fields up by name, absent and null alike.</summary>
internal sealed class Fields(string path, YamlMappingNode node, IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> entries)
{
    /// <summary>Where the mapping is, e.g. "training".</summary>
    public string Path => path;

    public YamlMappingNode Node => node;

    /// <summary>The accepted keys in the order the file wrote them (the order of a hyperparameter grid's axes).</summary>
    public IEnumerable<string> Keys => node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(entries.ContainsKey).Distinct();

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or written as YAML null (both mean "use the default").</summary>
    public YamlNode? this[string key] =>
        entries.TryGetValue(key, out var entry) && !SweepReader.IsNull(entry.Value) ? entry.Value : null;

    /// <summary>The key's node when written, else the mapping's: where to point an error about the field.</summary>
    public YamlNode Where(string key) => entries.TryGetValue(key, out var entry) ? entry.Key : node;

    public string PathOf(string key) => SweepReader.Join(path, key);
}
