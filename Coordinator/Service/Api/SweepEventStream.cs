using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Coordinator.Events;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// GET /api/sweeps/{id}/events: the sweep's live progress as server-sent events. The stream opens with
/// the current status and closes after sweep-finished (at once if the sweep has already ended).
/// </summary>
public static class SweepEventStream
{
    public static Task Stream(string id, HttpContext context, CoordinatorGateway coordinator) =>
        Follow(context, coordinator, id, async (events, cancel) =>
        {
            // Subscribed first, status second: no event can fall between the two.
            var status = await coordinator.Ask(new GetSweepStatus(id));
            if (status is SweepNotFound)
            {
                await Problems.NotFound(id).ExecuteAsync(context);
                return;
            }
            if (status is not SweepStatus current)
            {
                await Problems.Unavailable("the sweep coordinator did not answer").ExecuteAsync(context);
                return;
            }
            Start(context);
            await Send(context, SweepEventNames.Status, current, cancel);
            if (current.State != SweepState.Running)
                await Send(context, SweepEventNames.Of(new SweepEnded(id, current.State)), new SweepEnded(id, current.State), cancel);
            else
                await Relay(context, events, stopAtEnd: true, cancel);
        });

    /// <summary>GET /api/events: every sweep's events (after a snapshot of the newest sweeps), for pages and tools that follow the whole coordinator; never ends by itself.</summary>
    public static Task StreamAll(HttpContext context, CoordinatorGateway coordinator) =>
        Follow(context, coordinator, null, async (events, cancel) =>
        {
            if (await coordinator.Ask(new ListSweeps(0, SweepPaging.DefaultLimit)) is not SweepList list)
            {
                await Problems.Unavailable("the sweep coordinator did not answer").ExecuteAsync(context);
                return;
            }
            Start(context);
            await Send(context, SweepEventNames.Sweeps, list.Sweeps, cancel);
            await Relay(context, events, stopAtEnd: false, cancel);
        });

    /// <summary>Subscribes to a sweep's (or every sweep's) events for the length of one request.</summary>
    static async Task Follow(HttpContext context, CoordinatorGateway coordinator, string? sweepId,
        Func<ChannelReader<ISweepEvent>, CancellationToken, Task> stream)
    {
        var channel = Channel.CreateUnbounded<ISweepEvent>();
        IActorRef relay;
        try
        {
            relay = await EventSubscription.Start(coordinator.System, coordinator.Proxy, sweepId, channel.Writer, CoordinatorGateway.Timeout, coordinator.Senders);
        }
        catch (TimeoutException)
        {
            await Problems.Unavailable("the sweep coordinator did not answer").ExecuteAsync(context);
            return;
        }
        try
        {
            await stream(channel.Reader, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            relay.Tell(PoisonPill.Instance);
        }
    }

    static void Start(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Writes events as they come, with a keep-alive comment every 15 s so proxies keep the stream open.</summary>
    static async Task Relay(HttpContext context, ChannelReader<ISweepEvent> events, bool stopAtEnd, CancellationToken cancel)
    {
        using var keepAlive = new PeriodicTimer(TimeSpan.FromSeconds(15));
        var next = events.ReadAsync(cancel).AsTask();
        var tick = keepAlive.WaitForNextTickAsync(cancel).AsTask();
        while (!cancel.IsCancellationRequested)
        {
            if (await Task.WhenAny(next, tick) == tick)
            {
                await context.Response.WriteAsync(": keep-alive\n\n", cancel);
                await context.Response.Body.FlushAsync(cancel);
                tick = keepAlive.WaitForNextTickAsync(cancel).AsTask();
                continue;
            }
            var e = await next;
            await Send(context, SweepEventNames.Of(e), e, cancel);
            if (stopAtEnd && e is SweepEnded) break;
            next = events.ReadAsync(cancel).AsTask();
        }
    }

    static async Task Send(HttpContext context, string name, object payload, CancellationToken cancel)
    {
        string json = JsonSerializer.Serialize(payload, payload.GetType(), ApiJson.Options);
        await context.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);
    }
}
