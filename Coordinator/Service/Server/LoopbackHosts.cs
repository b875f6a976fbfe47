using Crossfold.Coordinator.Api;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Server;

/// <summary>
/// A coordinator on loopback without a token answers only requests addressed to a loopback name. A web
/// site that points its own DNS name at 127.0.0.1 (DNS rebinding) can make a browser on this machine
/// send requests here, but they carry that site's name as Host and get 400.
/// </summary>
public sealed class LoopbackHosts(string listenHost)
{
    readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]", listenHost };

    public async Task Check(HttpContext context, Func<Task> next)
    {
        string host = context.Request.Host.Host;
        if (_allowed.Contains(host))
        {
            await next();
            return;
        }
        string shown = host.Length > 100 ? host[..100] + "…" : host;
        await Problems.Write(context, StatusCodes.Status400BadRequest, "Host not served",
            $"this coordinator has no token, so it answers only requests addressed to {string.Join(", ", _allowed.Order(StringComparer.Ordinal))} " +
            $"(not '{shown}'); to serve other names, start it with a token (--token-file) and --http on that interface");
    }
}
