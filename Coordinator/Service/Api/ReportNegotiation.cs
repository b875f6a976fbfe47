using Crossfold.Reports;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>Picks a report format from ?format= or the Accept header.</summary>
public static class ReportNegotiation
{
    public static readonly IReadOnlyList<string> Formats = new[] { "json", "md", "csv", "html" };

    static readonly (ReportFormatKind Format, string ContentType)[] ByContentType =
    {
        (ReportFormatKind.Json, "application/json"), (ReportFormatKind.Markdown, "text/markdown"),
        (ReportFormatKind.Csv, "text/csv"), (ReportFormatKind.Html, "text/html"),
    };

    /// <summary>The format asked for; JSON when nothing is asked; null for an unknown ?format=.</summary>
    public static ReportFormatKind? Choose(string? format, string accept)
    {
        if (!string.IsNullOrWhiteSpace(format))
            return ReportRenderer.TryParseFormat(format, out var asked) ? asked : null;
        foreach (var part in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string media = part.Split(';')[0].Trim();
            foreach (var (kind, type) in ByContentType)
                if (media.Equals(type, StringComparison.OrdinalIgnoreCase)) return kind;
        }
        return ReportFormatKind.Json;
    }

    /// <summary>The rendered bytes; an HTML report under its own Content-Security-Policy (inline styles and data: images, nothing else).</summary>
    public static IResult Result(RenderedReport rendered)
    {
        var bytes = Results.Bytes(rendered.Body, rendered.ContentType);
        return rendered.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ? ContentPolicy.With(bytes, ContentPolicy.Report) : bytes;
    }
}
