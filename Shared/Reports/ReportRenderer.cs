using System.Text;
using Crossfold.Reports.Plots;

namespace Crossfold.Reports;

/// <summary>The formats a report can be had in.</summary>
public enum ReportFormatKind
{
    /// <summary>report.json: every number of the report, for programs.</summary>
    Json,
    /// <summary>report.md: the tables a person reads, linking the plot files beside it.</summary>
    Markdown,
    /// <summary>folds.csv: one row per fold, for spreadsheets.</summary>
    Csv,
    /// <summary>report.html: one self-contained page with tables and the plots embedded.</summary>
    Html,
}

/// <summary>A report (or one of its plots) rendered in memory: what to call it, its media type and its bytes.</summary>
public sealed record RenderedReport(string FileName, string ContentType, byte[] Body);

/// <summary>
/// Renders a report into any of its formats in memory, for the HTTP API (and for <see cref="ReportFiles"/>,
/// which writes the same bytes to disk). Text formats are UTF-8 without a byte order mark.
/// </summary>
public static class ReportRenderer
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Renders <paramref name="report"/> as <paramref name="format"/>; HTML draws the plots too (a few hundred milliseconds).</summary>
    public static RenderedReport Render(SweepReport report, ReportFormatKind format) => format switch
    {
        ReportFormatKind.Json => Text(ReportFiles.Json, "application/json; charset=utf-8", JsonReportWriter.Write(report)),
        ReportFormatKind.Markdown => Text(ReportFiles.Markdown, "text/markdown; charset=utf-8", MarkdownReportWriter.Write(report)),
        ReportFormatKind.Csv => Text(ReportFiles.Csv, "text/csv; charset=utf-8", CsvReportWriter.Write(report)),
        ReportFormatKind.Html => Text(ReportFiles.Html, "text/html; charset=utf-8", HtmlReportWriter.Write(report)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format"),
    };

    /// <summary>
    /// One of the report's plots (<see cref="ReportPlots.FoldAccuracyFile"/>, … — the file names report.md
    /// links) as PNG; null when the report has no such plot or no data for it.
    /// </summary>
    public static RenderedReport? RenderPlot(SweepReport report, string fileName) =>
        ReportPlots.RenderFile(report, fileName) is { } png ? new RenderedReport(fileName, "image/png", png) : null;

    /// <summary>
    /// Reads a format name as users and URLs write it: "json", "md" (or "markdown"), "csv", "html" (or "htm"),
    /// in any case. False for anything else.
    /// </summary>
    public static bool TryParseFormat(string? name, out ReportFormatKind format)
    {
        ReportFormatKind? parsed = name?.Trim().ToLowerInvariant() switch
        {
            "json" => ReportFormatKind.Json,
            "md" or "markdown" => ReportFormatKind.Markdown,
            "csv" => ReportFormatKind.Csv,
            "html" or "htm" => ReportFormatKind.Html,
            _ => null,
        };
        format = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>The short name <see cref="TryParseFormat"/> reads back: "json", "md", "csv", "html".</summary>
    public static string FormatName(ReportFormatKind format) => format switch
    {
        ReportFormatKind.Json => "json",
        ReportFormatKind.Markdown => "md",
        ReportFormatKind.Csv => "csv",
        ReportFormatKind.Html => "html",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format"),
    };

    static RenderedReport Text(string fileName, string contentType, string text) => new(fileName, contentType, Utf8.GetBytes(text));

    internal static byte[] Bytes(string text) => Utf8.GetBytes(text);
}
