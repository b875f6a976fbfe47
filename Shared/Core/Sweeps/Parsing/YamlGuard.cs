using YamlDotNet.Core.Events;
using YamlDotNet.Core;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads a sweep file's YAML events once, before any node tree is built, and refuses what a sweep
/// never needs but an attacker can abuse: anchors and aliases (a few hundred bytes of nested aliases
/// expand to billions of nodes, worst as a mapping key, which gets hashed), keys that are lists or
/// mappings, and nesting deeper than <see cref="MaxDepth"/>. The scan costs one pass over the text,
/// whose size the caller bounds, and stops when <see cref="CancellationToken"/> fires.
/// </summary>
internal static class YamlGuard
{
    /// <summary>Far deeper than any sweep file nests (about six levels), far shallower than a stack runs out.</summary>
    public const int MaxDepth = 64;

    /// <summary>Records each kind of problem once, at its first occurrence; true when there is none.</summary>
    public static bool Check(SweepReader r, string text, CancellationToken cancel)
    {
        int errorsBefore = r.Errors.Count;
        bool anchor = false, alias = false, complexKey = false;
        // For each open collection: is it a mapping, and is its next node a key?
        var open = new Stack<(bool Mapping, bool AtKey)>();
        var parser = new Parser(new StringReader(text));
        long events = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (++events % 1024 == 0) cancel.ThrowIfCancellationRequested();
                var e = parser.Current!;
                if (e is SequenceEnd or MappingEnd)
                {
                    open.Pop();
                    continue;
                }
                if (e is not (NodeEvent or AnchorAlias)) continue;

                bool isKey = open.Count > 0 && open.Peek() is { Mapping: true, AtKey: true };
                if (open.Count > 0)
                {
                    var (mapping, atKey) = open.Pop();
                    open.Push((mapping, mapping && !atKey));
                }
                if (e is AnchorAlias a && !alias)
                {
                    alias = true;
                    r.Error("", a.Start, $"alias *{a.Value.Value} is not allowed in a sweep file: anchors (&) and aliases (*) are refused; write the value out");
                }
                if (e is NodeEvent { Anchor.IsEmpty: false } n && !anchor)
                {
                    anchor = true;
                    r.Error("", n.Start, $"anchor &{n.Anchor.Value} is not allowed in a sweep file: anchors (&) and aliases (*) are refused; write the value out");
                }
                if (isKey && e is SequenceStart or MappingStart && !complexKey)
                {
                    complexKey = true;
                    r.Error("", e.Start, "a key must be a plain name, not a list or a mapping");
                }
                if (e is SequenceStart or MappingStart)
                {
                    open.Push((e is MappingStart, true));
                    if (open.Count > MaxDepth)
                    {
                        r.Error("", e.Start, $"lists and mappings nest more than {MaxDepth} levels deep; a sweep file needs a handful");
                        return false; // nothing beyond is worth reading
                    }
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Malformed YAML: the loader reports it with its position, unless a problem above came first.
        }
        return r.Errors.Count == errorsBefore;
    }
}
