namespace Crossfold.Core.Sweeps;

/// <summary>
/// A parsed, validated sweep file: the definition to run, the text it came from and that text's
/// SHA-256 (so results can name exactly which file produced them), and the line of every field, so
/// problems found later (a dataset of another size, a failing trial) can point into the file.
/// </summary>
/// <param name="Definition">What to run.</param>
/// <param name="Path">The file as the user named it.</param>
/// <param name="Text">The file's text, exactly as read.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Text"/> in UTF-8.</param>
/// <param name="Lines">Field path (e.g. "training.epochs", "architectures[2].conv") → 1-based line.</param>
/// <param name="Columns">Field path → 1-based column, where known.</param>
public sealed record SweepFile(SweepDefinition Definition, string Path, string Text, string Sha256, IReadOnlyDictionary<string, int> Lines,
    IReadOnlyDictionary<string, int>? Columns = null)
{
    /// <summary>
    /// The line of <paramref name="fieldPath"/>, or of its closest recorded parent
    /// ("architectures[2].layers[5]" falls back to "architectures[2]"); 1 when nothing matches.
    /// </summary>
    public int LineOf(string fieldPath)
    {
        for (string path = fieldPath; path.Length > 0; path = Parent(path))
            if (Lines.TryGetValue(path, out int line)) return line;
        return 1;
    }

    /// <summary>
    /// Where a problem with <paramref name="fieldPath"/> found after parsing (a dataset file, the folds) points:
    /// the field's line and column, or its closest recorded parent's; (1, 1) when nothing matches.
    /// </summary>
    public SweepError ErrorAt(string fieldPath, string message)
    {
        for (string path = fieldPath; path.Length > 0; path = Parent(path))
            if (Lines.TryGetValue(path, out int line))
                return new SweepError(fieldPath, line, Columns?.GetValueOrDefault(path, 1) ?? 1, message);
        return new SweepError(fieldPath, 1, 1, message);
    }

    private static string Parent(string path)
    {
        int cut = path.LastIndexOfAny(['.', '[']);
        return cut < 0 ? "" : path[..cut];
    }
}
