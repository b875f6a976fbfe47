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
/// GET /api/sweeps/{id}/events: the sweep's live progress as server-sent events, each with an `id:`
/// (<see cref="LastEventId"/>). A new stream opens with the current status; one that names the last event
/// its client saw (Last-Event-ID, or ?lastEventId=) goes on right after it when this coordinator incarnation
/// still keeps what followed (<see cref="SweepEventLog"/>), and opens with a fresh status otherwise, so a
/// client that reconnects misses nothing and sees nothing twice. The stream closes after sweep-finished (at
/// once if the sweep has already ended), and when the coordinator it follows stops, so its client reconnects.
/// </summary>
public static class SweepEventStream
{
    public static Task Stream(string id, HttpContext context, CoordinatorGateway coordinator) =>
        Follow(context, coordinator, new SubscribeToSweeps(id, LastEventId.Read(context.Request)), async (confirmed, events, cancel) =>
        {
            // Subscribed first, status second: no event can fall between the two.
            var status = await coordinator.Ask(new GetSweepStatus(id));
            if (status is SweepNotFound)
            {
                await Problems.NotFound(id).ExecuteAsync(context);
                return;
            }
            if (status is not SweepStatus current || confirmed.Last is not { } last)
            {
                await Problems.Unavailable("the sweep coordinator did not answer").ExecuteAsync(context);
                return;
            }
            Start(context);
            if (confirmed.Resumed && current.State == SweepState.Running)
            {
                // The events the client missed lead the channel; the status would only repeat them.
                await Relay(context, events, stopAtEnd: true, cancel);
                return;
            }
            // The status reflects at least every event up to `last`; those after it follow with their own ids.
            await Send(context, SweepEventNames.Status, current, last, cancel);
            if (current.State != SweepState.Running)
                await Send(context, SweepEventNames.Of(new SweepEnded(id, current.State)), new SweepEnded(id, current.State), last, cancel);
            else
                await Relay(context, events, stopAtEnd: true, cancel);
        });

    /// <summary>
    /// GET /api/events: every sweep's events (after a snapshot of the newest sweeps), for pages and tools that follow the whole
    /// coordinator; ends only when the coordinator stops. Its events carry no id: a client that reconnects starts from a new snapshot.
    /// </summary>
    public static Task StreamAll(HttpContext context, CoordinatorGateway coordinator) =>
        Follow(context, coordinator, new SubscribeToSweeps(null), async (_, events, cancel) =>
        {
            if (await coordinator.Ask(new ListSweeps(0, SweepPaging.DefaultLimit)) is not SweepList list)
            {
                await Problems.Unavailable("the sweep coordinator did not answer").ExecuteAsync(context);
                return;
            }
            Start(context);
            await Send(context, SweepEventNames.Sweeps, list.Sweeps, null, cancel);
            await Relay(context, events, stopAtEnd: false, cancel, withIds: false);
        });

    /// <summary>Subscribes to a sweep's (or every sweep's) events for the length of one request.</summary>
    static async Task Follow(HttpContext context, CoordinatorGateway coordinator, SubscribeToSweeps subscription,
        Func<SubscriptionConfirmed, ChannelReader<NumberedSweepEvent>, CancellationToken, Task> stream)
    {
        var channel = Channel.CreateUnbounded<NumberedSweepEvent>();
        IActorRef relay;
        SubscriptionConfirmed confirmed;
        try
        {
            (relay, confirmed) = await EventSubscription.Start(coordinator.System, coordinator.Proxy, subscription, channel.Writer,
                CoordinatorGateway.Timeout, coordinator.Senders);
        }
        catch (TimeoutException)
        {
            await Problems.Unavailable("the sweep coordinator did not answer").ExecuteAsync(context);
            return;
        }
        try
        {
            await stream(confirmed, channel.Reader, context.RequestAborted);
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

    /// <summary>
    /// Writes events as they come, with a keep-alive comment every 15 s so proxies keep the stream open; returns
    /// when the channel completes (the coordinator stopped), so the client reconnects to the next one.
    /// </summary>
    static async Task Relay(HttpContext context, ChannelReader<NumberedSweepEvent> events, bool stopAtEnd, CancellationToken cancel, bool withIds = true)
    {
        using var keepAlive = new PeriodicTimer(TimeSpan.FromSeconds(15));
        var next = events.WaitToReadAsync(cancel).AsTask();
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
            if (!await next) return;
            while (events.TryRead(out var e))
            {
                await Send(context, SweepEventNames.Of(e.Event), e.Event, withIds ? e.Id : null, cancel);
                if (stopAtEnd && e.Event is SweepEnded) return;
            }
            next = events.WaitToReadAsync(cancel).AsTask();
        }
    }

    static async Task Send(HttpContext context, string name, object payload, SweepEventId? id, CancellationToken cancel)
    {
        string json = JsonSerializer.Serialize(payload, payload.GetType(), ApiJson.Options);
        string idLine = id is null ? "" : $"id: {LastEventId.Format(id)}\n";
        await context.Response.WriteAsync($"{idLine}event: {name}\ndata: {json}\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);
    }
}
