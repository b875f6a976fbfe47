using Crossfold.Reports.Plots;

namespace Crossfold.Reports;

/// <summary>Writes a report's files into a directory, each completely or not at all.</summary>
public static class ReportFiles
{
    public const string Json = "report.json", Markdown = "report.md", Csv = "folds.csv", Html = "report.html";

    /// <summary>
    /// Writes report.json, report.md, folds.csv, report.html and the plots report.md links
    /// (fold-accuracy.png, learning-curves.png, confusion-best.png, robustness.png, cross-noise.png, search-history.png; those with data) into
    /// <paramref name="directory"/>; returns their paths. A plot file left there by an earlier report that
    /// this one has no data for is removed, so report.md never sits beside a stale picture.
    /// </summary>
    public static IReadOnlyList<string> Write(SweepReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var plots = ReportPlots.Render(report);
        var paths = new List<string>
        {
            WriteAtomically(Path.Combine(directory, Json), JsonReportWriter.Write(report)),
            WriteAtomically(Path.Combine(directory, Markdown), MarkdownReportWriter.Write(report)),
            WriteAtomically(Path.Combine(directory, Csv), CsvReportWriter.Write(report)),
            WriteAtomically(Path.Combine(directory, Html), HtmlReportWriter.Write(report, plots)),
        };
        foreach (var plot in plots)
            paths.Add(WriteAtomically(Path.Combine(directory, plot.Plot.FileName), plot.Png));
        foreach (string stale in ReportPlots.Files.Where(name => plots.All(p => p.Plot.FileName != name)))
            File.Delete(Path.Combine(directory, stale));
        return paths;
    }

    /// <summary>Writes beside the target and renames, so a reader (or a crash) never sees half a file.</summary>
    public static string WriteAtomically(string path, string content) => WriteAtomically(path, ReportRenderer.Bytes(content));

    /// <inheritdoc cref="WriteAtomically(string, string)"/>
    public static string WriteAtomically(string path, byte[] content)
    {
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
