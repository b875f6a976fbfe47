using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// POST /api/sweeps takes only YAML or JSON content types. A browser sends text/plain or a form type
/// cross-origin without asking first (a "simple request"); these types need a CORS preflight, which this
/// API never grants, so another site cannot submit sweeps through a visitor's browser.
/// </summary>
public static class SweepContentTypes
{
    public static readonly IReadOnlyList<string> Accepted = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json"];

    public static bool IsAccepted(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && Accepted.Contains(media.MediaType, StringComparer.OrdinalIgnoreCase);

    /// <summary>Endpoint filter: 415 naming the accepted types, before the body is read.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        string? given = invocation.HttpContext.Request.ContentType;
        if (IsAccepted(given)) return await next(invocation);
        return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            $"the sweep file must be sent as one of {string.Join(", ", Accepted)} (got {(string.IsNullOrEmpty(given) ? "no Content-Type" : $"'{given}'")}), " +
            "e.g. curl -H 'Content-Type: application/yaml' --data-binary @sweep.yaml");
    }
}
