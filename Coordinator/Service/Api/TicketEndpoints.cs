using Crossfold.Coordinator.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crossfold.Coordinator.Api;

/// <summary>POST /api/tickets: a single-use ticket for an event stream, for browsers whose EventSource cannot send the bearer header.</summary>
public static class TicketEndpoints
{
    /// <summary>What POST /api/tickets answers: the ticket, and how long it stays valid.</summary>
    public sealed record TicketIssued(string Ticket, int ExpiresInSeconds);

    /// <summary>Endpoint metadata of the GET routes that accept ?ticket= in place of the bearer header (the two event streams).</summary>
    public sealed class AcceptsTicket
    {
        public static readonly AcceptsTicket Instance = new();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tickets", ([FromServices] EventTickets? tickets, HttpResponse response) =>
            {
                // Without a token nothing checks tickets, and any web page can POST here (a simple request):
                // such a ticket is kept nowhere, so those posts cannot use up the places a coordinator with a token keeps.
                if ((tickets is null ? EventTickets.NewTicket() : tickets.Issue()) is not string ticket)
                    return Problems.Result(StatusCodes.Status429TooManyRequests, "Too many tickets",
                        $"{EventTickets.MaxOutstanding} tickets are waiting to be used; each expires {EventTickets.Lifetime.TotalSeconds:0} s after it was issued");
                response.Headers.CacheControl = "no-store";
                return Results.Json(new TicketIssued(ticket, (int)EventTickets.Lifetime.TotalSeconds), ApiJson.Options);
            })
            .WithTags("Authentication")
            .WithSummary("A ticket for one event stream: pass it as ?ticket= to GET /api/events or GET /api/sweeps/{id}/events")
            .WithDescription("Needs the bearer header when the coordinator has a token. A ticket works once, within 60 s, and only on the two event-stream routes; it lets a browser's EventSource (which cannot send headers) follow events without the token ever appearing in a URL.")
            .Produces<TicketIssued>()
            .Produces<Problem>(StatusCodes.Status401Unauthorized, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status429TooManyRequests, Problems.ContentType);
    }
}
