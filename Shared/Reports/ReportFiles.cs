namespace Crossfold.Shared.Reports;

/// <summary>Writes a report's files into a directory, each completely or not at all.</summary>
public static class ReportFiles
{
    public const string Json = "report.json", Markdown = "report.md", Csv = "folds.csv";

    /// <summary>Writes report.json, report.md and folds.csv into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(SweepReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        return new[]
        {
            WriteAtomically(Path.Combine(directory, Json), JsonReportWriter.Write(report)),
            WriteAtomically(Path.Combine(directory, Markdown), MarkdownReportWriter.Write(report)),
            WriteAtomically(Path.Combine(directory, Csv), CsvReportWriter.Write(report)),
        };
    }

    /// <summary>Writes beside the target and renames, so a reader (or a crash) never sees half a file.</summary>
    public static string WriteAtomically(string path, string content)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
