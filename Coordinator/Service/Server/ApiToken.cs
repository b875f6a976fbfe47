using System.Security.Cryptography;
using System.Text;
using Crossfold.Coordinator.Api;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Server;

/// <summary>
/// Bearer-token check for the API: every /api request must carry "Authorization: Bearer TOKEN", except
/// that the two event streams also take a single-use ticket from POST /api/tickets as ?ticket= (browsers'
/// EventSource cannot set headers). /metrics is guarded the same way (Prometheus sends the bearer header). The token itself is never accepted in a URL, where logs and
/// browser history would keep it. Health probes and the static page stay open; the page asks for the token.
/// </summary>
public sealed class ApiToken(string token, EventTickets tickets)
{
    readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public async Task Check(HttpContext context, Func<Task> next)
    {
        bool guarded = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(MetricsEndpoint.Path);
        if (!guarded || Refusal(context) is not string refusal)
        {
            await next();
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"crossfold\"";
        await Problems.Write(context, StatusCodes.Status401Unauthorized, "Unauthorized", refusal);
    }

    /// <summary>Why the request is refused (each case its own words), or null when it may pass.</summary>
    string? Refusal(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.ContainsKey("access_token"))
            return "?access_token= is not accepted (a token in a URL ends up in logs and browser history): send the header Authorization: Bearer TOKEN, " +
                "or for an event stream a ticket from POST /api/tickets as ?ticket=";
        string header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return "the Authorization header must read 'Bearer TOKEN'";
            return Matches(header["Bearer ".Length..].Trim()) ? null
                : "the bearer token is wrong: it is not the token this coordinator was started with (--token, --token-file or CROSSFOLD_API_TOKEN)";
        }
        if (request.Query.TryGetValue("ticket", out var ticket))
        {
            if (!HttpMethods.IsGet(request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<TicketEndpoints.AcceptsTicket>() is null)
                return "a ticket is accepted only by the event streams (GET /api/events, GET /api/sweeps/{id}/events): send the header Authorization: Bearer TOKEN";
            return tickets.Redeem(ticket.ToString()) ? null
                : $"the ticket is unknown, used or expired (a ticket works once, within {EventTickets.Lifetime.TotalSeconds:0} s): get a new one with POST /api/tickets";
        }
        return "this coordinator requires a bearer token and none was sent: pass --token or --token-file (or set CROSSFOLD_API_TOKEN) with the CLI, " +
            "or send the header Authorization: Bearer TOKEN";
    }

    bool Matches(string given) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _expected);
}
