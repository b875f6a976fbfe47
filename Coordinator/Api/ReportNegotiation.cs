using Crossfold.Shared.Reports;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>Picks a report format from ?format= or the Accept header, and renders it.</summary>
public static class ReportNegotiation
{
    public static readonly IReadOnlyList<string> Formats = new[] { "json", "md", "csv", "html" };

    static readonly (string Format, string ContentType)[] ByContentType =
    {
        ("json", "application/json"), ("md", "text/markdown"), ("csv", "text/csv"), ("html", "text/html"),
    };

    /// <summary>The format asked for; json when nothing is asked; null for an unknown ?format=.</summary>
    public static string? Choose(string? format, string accept)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            string f = format.Trim().ToLowerInvariant();
            return f == "markdown" ? "md" : Formats.Contains(f) ? f : null;
        }
        foreach (var part in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string media = part.Split(';')[0].Trim();
            foreach (var (f, type) in ByContentType)
                if (media.Equals(type, StringComparison.OrdinalIgnoreCase)) return f;
        }
        return "json";
    }

    public static IResult Render(SweepReport report, string format) => format switch
    {
        "md" => Results.Text(MarkdownReportWriter.Write(report), "text/markdown; charset=utf-8"),
        "csv" => Results.Text(CsvReportWriter.Write(report), "text/csv; charset=utf-8"),
        "html" => Results.Text(MarkdownReportWriter.Write(report), "text/html; charset=utf-8"),
        _ => Results.Text(JsonReportWriter.Write(report), "application/json; charset=utf-8"),
    };
}
