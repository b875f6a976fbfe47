using System.Security.Cryptography;
using System.Text;
using Crossfold.Coordinator.Api;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Server;

/// <summary>
/// Bearer-token check for the API: every /api request must carry "Authorization: Bearer TOKEN" (or,
/// for server-sent events, where browsers cannot set headers, ?access_token=TOKEN). Health probes
/// and the static page stay open; the page asks for the token itself.
/// </summary>
public sealed class ApiToken(string token)
{
    readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public async Task Check(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || Presented(context.Request) is string given && Matches(given))
        {
            await next();
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"crossfold\"";
        await Problems.Write(context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "this coordinator requires a bearer token: pass --token (or set CROSSFOLD_API_TOKEN) with the CLI, or the header Authorization: Bearer TOKEN");
    }

    static string? Presented(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Query.TryGetValue("access_token", out var q) ? q.ToString() : null;
    }

    bool Matches(string given) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _expected);
}
