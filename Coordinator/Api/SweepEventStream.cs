using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Coordinator.Local;
using Crossfold.Shared.Protocol;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// GET /api/sweeps/{id}/events: the sweep's live progress as server-sent events. The stream opens with
/// the current status and closes after sweep-finished (at once if the sweep has already ended).
/// </summary>
public static class SweepEventStream
{
    /// <summary>The SSE event name of each protocol event.</summary>
    public static string EventName(ISweepEvent e) => e switch
    {
        JobStarted => "job-started",
        EpochProgressed => "epoch-finished",
        FoldFinished => "fold-finished",
        JobRequeued => "job-requeued",
        JobGaveUp => "job-failed",
        TrialFinished => "trial-finished",
        SweepEnded => "sweep-finished",
        _ => "event",
    };

    public static async Task Stream(string id, HttpContext context, CoordinatorGateway coordinator)
    {
        var cancel = context.RequestAborted;
        var channel = Channel.CreateUnbounded<ISweepEvent>();
        // Subscribe first, then read the status, so no event can fall between the two.
        var relay = coordinator.System.ActorOf(EventRelay.Props(coordinator.Proxy, id, channel.Writer));
        try
        {
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
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await Send(context, "status", current, cancel);
            if (current.State != SweepState.Running)
            {
                await Send(context, "sweep-finished", new SweepEnded(id, current.State), cancel);
                return;
            }
            using var keepAlive = new PeriodicTimer(TimeSpan.FromSeconds(15));
            var next = channel.Reader.ReadAsync(cancel).AsTask();
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
                await Send(context, EventName(e), e, cancel);
                if (e is SweepEnded) break;
                next = channel.Reader.ReadAsync(cancel).AsTask();
            }
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

    static async Task Send(HttpContext context, string name, object payload, CancellationToken cancel)
    {
        string json = JsonSerializer.Serialize(payload, payload.GetType(), ApiJson.Options);
        await context.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);
    }
}
