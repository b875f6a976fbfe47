using System.Text.Json;
using Crossfold.Core.Sweeps;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>One bad field of a request: where it is (field path, line, column) and what is wrong.</summary>
public sealed record FieldProblem(string Path, int? Line, int? Column, string Message)
{
    /// <summary>A problem with <paramref name="field"/> of <paramref name="file"/>, at the line the file has it on (the whole sweep when empty).</summary>
    public static FieldProblem At(SweepFile file, string field, string message)
    {
        if (field.Length == 0) return new FieldProblem("sweep", null, null, message);
        var at = file.ErrorAt(field, message);
        return new FieldProblem(field, at.Line, at.Column, message);
    }
}

/// <summary>An RFC 9457 problem document, the body of every 4xx and 5xx the API returns.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<FieldProblem>? Errors = null);

/// <summary>Builds and writes problem documents.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Result(int status, string title, string detail, IReadOnlyList<FieldProblem>? errors = null) =>
        Results.Json(new Problem("about:blank", title, status, detail, errors), ApiJson.Options, ContentType, status);

    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Problem("about:blank", title, status, detail), ApiJson.Options));
    }

    /// <summary>400 for a sweep file with errors: one entry per bad field, with its line.</summary>
    public static IResult InvalidSweep(SweepFileException e) => Result(StatusCodes.Status400BadRequest, "Invalid sweep file",
        $"{e.Errors.Count} problem{(e.Errors.Count == 1 ? "" : "s")} in {e.File}",
        e.Errors.Select(x => new FieldProblem(x.Path, x.Line, x.Column, x.Message)).ToList());

    public static IResult NotFound(string sweepId) =>
        Result(StatusCodes.Status404NotFound, "Sweep not found", $"no sweep has the id '{sweepId}'");

    public static IResult Unavailable(string detail) =>
        Result(StatusCodes.Status503ServiceUnavailable, "Coordinator unavailable", detail);
}
