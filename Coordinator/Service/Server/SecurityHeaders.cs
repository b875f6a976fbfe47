using Crossfold.Coordinator.Api;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Server;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing (clickjacking), no Referer leaving the
/// page, and the API's Content-Security-Policy unless the page or the HTML report sets its own.
/// </summary>
public static class SecurityHeaders
{
    public static Task Add(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentPolicy.Api;
        return next();
    }
}
