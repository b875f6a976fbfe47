using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Crossfold.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crossfold.Coordinator.Api;

/// <summary>The /api/sweeps endpoints: submit, list, inspect, cancel, report.</summary>
public static class SweepEndpoints
{
    /// <summary>What POST /api/sweeps answers on success.</summary>
    public sealed record SweepCreated(string Id, int Trials, int Jobs);

    /// <summary>What DELETE /api/sweeps/{id} answers on success.</summary>
    public sealed record SweepCancelledResponse(string Id, string State, int JobsStopped);

    public static void Map(IEndpointRouteBuilder app)
    {
        var sweeps = app.MapGroup("/api/sweeps").WithTags("Sweeps");

        sweeps.MapPost("", Submit)
            .AddEndpointFilter(SweepContentTypes.Filter)
            .WithSummary("Submit a sweep file (YAML or JSON) as the request body; ?name= names the file in reports")
            .WithDescription($"The body is the sweep file's text, sent as one of {string.Join(", ", SweepContentTypes.Accepted)} (anything else gets 415). " +
                "Dataset paths must lie under the coordinator's --datasets-root (relative ones resolve against it) and exist at the same place on every worker. " +
                "409 when the coordinator runs --max-active-sweeps sweeps already.")
            .AddOpenApiOperationTransformer(OpenApiDetails.SweepFileBody)
            .Produces<SweepCreated>(StatusCodes.Status201Created)
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status409Conflict, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status413PayloadTooLarge, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status415UnsupportedMediaType, Problems.ContentType);

        sweeps.MapGet("", List)
            .WithSummary("The sweeps with their state and progress, newest first, a page at a time: ?limit= (default 100, at most 1000) and ?offset=")
            .WithDescription($"The body is an array of sweeps; the {SweepPaging.TotalHeader} header gives the number of sweeps in all, so a client knows when more exist. A limit or offset that is not a whole number in range gets 400 naming it.")
            .AddOpenApiOperationTransformer(OpenApiDetails.SweepListPaging)
            .Produces<SweepStatus[]>()
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problems.ContentType);

        sweeps.MapGet("{id}", async (string id, CoordinatorGateway coordinator) =>
                await coordinator.Ask(new GetSweepStatus(id)) switch
                {
                    SweepStatus status => Results.Json(status, ApiJson.Options),
                    SweepNotFound => Problems.NotFound(id),
                    _ => Problems.Unavailable("the sweep coordinator did not answer"),
                })
            .WithSummary("A sweep's state, jobs done/running/queued/failed, ETA and per-trial running mean and std")
            .Produces<SweepStatus>()
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType);

        sweeps.MapDelete("{id}", async (string id, CoordinatorGateway coordinator) =>
                await coordinator.Ask(new CancelSweep(id)) switch
                {
                    SweepCancelled c => Results.Json(new SweepCancelledResponse(c.SweepId, "cancelled", c.JobsStopped), ApiJson.Options),
                    SweepAlreadyEnded e => Problems.Result(StatusCodes.Status409Conflict, "Sweep already ended",
                        $"sweep '{id}' is already {e.State.ToString().ToLowerInvariant()}; nothing was changed"),
                    SweepNotFound => Problems.NotFound(id),
                    _ => Problems.Unavailable("the sweep coordinator did not answer"),
                })
            .WithSummary("Cancel a sweep: queued jobs are dropped, running jobs stopped on their workers; finished folds are kept")
            .Produces<SweepCancelledResponse>()
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status409Conflict, Problems.ContentType);

        sweeps.MapGet("{id}/report", Report)
            .WithSummary("The aggregated fold report: ?format=json|md|csv|html, or by the Accept header")
            .Produces<SweepReport>()
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType);

        app.MapGet("/api/events", SweepEventStream.StreamAll).WithTags("Sweeps")
            .WithMetadata(TicketEndpoints.AcceptsTicket.Instance)
            .WithSummary("Server-sent events of every sweep: a `sweeps` snapshot (the newest 100), then each sweep's events as they happen; takes ?ticket= instead of the bearer header")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

        sweeps.MapGet("{id}/report/{file}", Plot)
            .WithSummary("One of the report's plots, by the file name report.md links (fold-accuracy.png, learning-curves.png, confusion-best.png, robustness.png, cross-noise.png, search-history.png)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType);

        sweeps.MapGet("{id}/model", async (string id, CoordinatorGateway coordinator) =>
                await coordinator.Ask(new GetModel(id)) switch
                {
                    ModelReady { ModelFile: byte[] model } => Results.File(model, "application/octet-stream", ModelFile.FileName),
                    ModelReady => Problems.Result(StatusCodes.Status404NotFound, "No final model",
                        $"sweep '{id}' has no final model: its sweep file has no `refit: true`, or the refit has not finished"),
                    SweepNotFound => Problems.NotFound(id),
                    _ => Problems.Unavailable("the sweep coordinator did not answer"),
                })
            .WithSummary("The final model (refit: true) as a file for `crossfold predict --model`")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType);

        sweeps.MapGet("{id}/events", SweepEventStream.Stream)
            .WithMetadata(TicketEndpoints.AcceptsTicket.Instance)
            .WithSummary("Server-sent events: status, job-started, epoch-finished, fold-finished, job-requeued, job-failed, trial-finished, trial-eliminated, sweep-finished, " +
                "each with an id; Last-Event-ID (or ?lastEventId=) resumes right after that event, or opens with a fresh status when it cannot; " +
                "takes ?ticket= instead of the bearer header")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    static async Task<IResult> Submit(HttpRequest request, CoordinatorGateway coordinator, DatasetCache datasets, IntakeOptions rules)
    {
        string text;
        using (var reader = new StreamReader(request.Body))
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        string name = request.Query.TryGetValue("name", out var n) && n.ToString().Length > 0 ? Path.GetFileName(n.ToString()) : "submitted.yaml";
        SubmitSweep submission;
        CachedDataset data;
        SweepFile file;
        try
        {
            // Loading the dataset can take a second: do it off the request thread's context, before the coordinator
            // is involved; a client that leaves stops it.
            var aborted = request.HttpContext.RequestAborted;
            (submission, data, file) = await Task.Run(() => SweepIntake.Submitted(text, name, rules, datasets, aborted), aborted);
        }
        catch (SweepFileException e)
        {
            return Problems.InvalidSweep(e);
        }

        switch (await coordinator.Ask(submission))
        {
            case SweepAccepted a:
                datasets.Keep(data); // only now: a rejected sweep leaves nothing in the cache
                return Results.Created($"/api/sweeps/{a.SweepId}", new SweepCreated(a.SweepId, a.Trials, a.Jobs));
            case SweepRejected r:
                // Conflict: the file was fine, the coordinator's state refused it (its id exists, too many active sweeps).
                return Problems.Result(r.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, "Sweep rejected",
                    string.Join("; ", r.Problems.Select(p => p.Message)),
                    r.Problems.Select(p => FieldProblem.At(file, p.Field, p.Message)).ToList());
            default:
                return Problems.Unavailable("the sweep coordinator did not answer; nothing was queued");
        }
    }

    static async Task<IResult> List(string? limit, string? offset, HttpResponse response, CoordinatorGateway coordinator)
    {
        var (query, problem) = SweepPaging.Read(limit, offset);
        if (problem is not null) return problem;
        if (await coordinator.Ask(query!) is not SweepList list) return Problems.Unavailable("the sweep coordinator did not answer");
        response.Headers[SweepPaging.TotalHeader] = list.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(list.Sweeps, ApiJson.Options);
    }

    static async Task<IResult> Plot(string id, string file, CoordinatorGateway coordinator) =>
        await coordinator.Ask(new GetSweepResults(id)) switch
        {
            SweepResultsReady { Results: var results } => ReportRenderer.RenderPlot(ReportBuilder.Build(results), file) is { } png
                ? ReportNegotiation.Result(png)
                : Problems.Result(StatusCodes.Status404NotFound, "Plot not found", $"sweep '{id}' has no plot '{file}' (yet)"),
            SweepNotFound => Problems.NotFound(id),
            _ => Problems.Unavailable("the sweep coordinator did not answer"),
        };

    static async Task<IResult> Report(string id, string? format, HttpRequest request, CoordinatorGateway coordinator)
    {
        if (ReportNegotiation.Choose(format, request.Headers.Accept.ToString()) is not ReportFormatKind kind)
            return Problems.Result(StatusCodes.Status400BadRequest, "Unknown report format",
                $"format '{format}' is not one of: {string.Join(", ", ReportNegotiation.Formats)}",
                new[] { new FieldProblem("format", null, null, $"expected one of {string.Join(", ", ReportNegotiation.Formats)}") });
        return await coordinator.Ask(new GetSweepResults(id)) switch
        {
            SweepResultsReady { Results: var results } => ReportNegotiation.Result(ReportRenderer.Render(ReportBuilder.Build(results), kind)),
            SweepNotFound => Problems.NotFound(id),
            _ => Problems.Unavailable("the sweep coordinator did not answer"),
        };
    }
}
