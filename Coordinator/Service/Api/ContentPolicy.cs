using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>The Content-Security-Policy of each kind of response: the API's, the page's and the HTML report's.</summary>
public static class ContentPolicy
{
    /// <summary>JSON, CSV, Markdown, images, event streams: nothing in them may load or run anything, or be framed.</summary>
    public const string Api = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The web page: its own script, style sheet and API. Inline styles and data: images are allowed
    /// only because a report the page opens from a Blob (fetched with the bearer header, so no token in
    /// a URL) inherits the page's policy, and the self-contained report is made of exactly those.
    /// The page itself writes text with textContent, never markup.
    /// </summary>
    public const string Page = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The HTML report: one self-contained page of inline styles, inline SVG plots and data: images (the heatmap inside one), no script.</summary>
    public const string Report = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The result, answered under <paramref name="policy"/> instead of the API's.</summary>
    public static IResult With(IResult result, string policy) => new PolicyResult(result, policy);

    sealed class PolicyResult(IResult inner, string policy) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentSecurityPolicy = policy;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
