using System.Text;
using System.Text.Json;
using Crossfold.Core.Data;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// Rewrites a sweep file so that its dataset names stored files by digest: what `crossfold submit` sends
/// once it has uploaded the files the sweep names on the submitting machine. Only the value of
/// <c>dataset:</c> changes (into one JSON-style mapping, valid in YAML and JSON files alike), and every
/// line after it keeps its number, so the coordinator's errors still point into the user's file.
/// </summary>
public static class SweepDatasetRewrite
{
    /// <summary>
    /// <paramref name="text"/> (a sweep file that parses) with its dataset replaced by <paramref name="stored"/>;
    /// the text unchanged when it has no <c>dataset:</c> key.
    /// </summary>
    public static string Replace(string text, DatasetSpec stored)
    {
        if (ValueSpan(text) is not (int start, int end)) return text;
        int lines = text.AsSpan(start, end - start).Count('\n');
        return string.Concat(text.AsSpan(0, start), Mapping(stored), new string('\n', lines), text.AsSpan(end));
    }

    /// <summary>
    /// Where the top-level <c>dataset:</c> value starts and ends, from the parser's events (the node tree's end
    /// marks of collections are not kept); null when there is none.
    /// </summary>
    static (int Start, int End)? ValueSpan(string text)
    {
        var parser = new Parser(new StringReader(text));
        int depth = 0, start = -1;
        bool expectKey = false, found = false, flow = false;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    if (found && start < 0)
                    {
                        start = checked((int)parser.Current.Start.Index);
                        flow = parser.Current is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                    }
                    depth++;
                    if (depth == 1) expectKey = parser.Current is MappingStart;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    if (depth != 1) break;
                    // A flow collection's end event starts at its closing bracket (its end mark does not say where it ends).
                    if (found) return (start, flow ? text.IndexOfAny(['}', ']'], checked((int)parser.Current.Start.Index)) + 1 : checked((int)parser.Current.End.Index));
                    expectKey = true;
                    break;
                case Scalar scalar when depth == 1:
                    if (found) return (checked((int)scalar.Start.Index), checked((int)scalar.End.Index));
                    if (expectKey) found = scalar.Value == "dataset";
                    expectKey = !expectKey;
                    break;
            }
        }
        return null;
    }

    /// <summary>The dataset as one flow mapping: {"images": "sha256:…", "labels": "sha256:…", …}.</summary>
    static string Mapping(DatasetSpec d)
    {
        var fields = new List<(string Key, object? Value)>
        {
            ("source", d.Source), ("images", d.Images), ("labels", d.Labels), ("test_images", d.TestImages), ("test_labels", d.TestLabels),
            ("limit", d.Limit), ("fingerprint", d.Fingerprint), ("classes", d.Classes),
            ("layout", d.Layout is ImageLayout layout ? ImageChannels.Name(layout) : null),
        };
        var text = new StringBuilder("{");
        foreach (var (key, v) in fields.Where(f => f.Value is not null))
            text.Append(text.Length > 1 ? ", " : "").Append('"').Append(key).Append("\": ").Append(JsonSerializer.Serialize(v));
        return text.Append('}').ToString();
    }
}
