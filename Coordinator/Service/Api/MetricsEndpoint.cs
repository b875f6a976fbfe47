using Crossfold.Coordinator.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// GET /metrics in Prometheus' text format (token-protected like /api when there is a token), and the
/// middleware that counts every request by method and status code.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(IEndpointRouteBuilder app, CoordinatorMetrics metrics)
    {
        // A Delegate, not a RequestDelegate: only a route handler carries its OpenAPI description.
        app.MapGet(Path, (Delegate)(async (HttpContext context) =>
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            }))
            .WithTags("Health")
            .WithSummary("Metrics in Prometheus' text format, every family prefixed crossfold_ (needs the bearer token when there is one)")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain");
    }

    /// <summary>Counts a request once it has been answered (whatever answered it: an endpoint, the token check, Kestrel's limits).</summary>
    public static async Task Count(HttpContext context, Func<Task> next, CoordinatorMetrics metrics)
    {
        try
        {
            await next();
        }
        finally
        {
            metrics.Request(context.Request.Method, context.Response.StatusCode);
        }
    }
}
