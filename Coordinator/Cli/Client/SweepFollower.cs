using System.Runtime.CompilerServices;
using System.Text.Json;
using Crossfold.Coordinator.Api;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Cli.Client;

/// <summary>
/// A sweep's events across coordinator restarts and singleton moves: when the stream breaks (or ends before
/// sweep-finished) it reconnects, waiting 1 s, then twice as long each time up to <see cref="LongestPause"/>,
/// until <c>giveUpAfter</c> has passed without a connection. Each new stream names the last event seen
/// (Last-Event-ID), so the coordinator sends exactly the events missed, or, when it cannot (it restarted or
/// moved), opens with the sweep's current status, which is handed to <c>caughtUp</c> so the view redraws from it.
/// </summary>
public static class SweepFollower
{
    static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, so a coordinator that comes back is found within seconds.</summary>
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The sweep's events until sweep-finished; <paramref name="reconnected"/> runs once per successful reconnection.
    /// Throws <see cref="ApiException"/> (status 0) when the coordinator stays away.
    /// </summary>
    public static async IAsyncEnumerable<ISweepEvent> Follow(CoordinatorClient api, string id, TimeSpan giveUpAfter, Action reconnected,
        Action<SweepStatus> caughtUp, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        DateTimeOffset? lostAt = null;
        string? lastError = null, lastId = null;
        var pause = FirstPause;
        bool first = true;
        while (true)
        {
            var stream = api.Events(id, lastId, () =>
            {
                if (lostAt is not null) reconnected();
                lostAt = null;
                pause = FirstPause;
            }, cancel).GetAsyncEnumerator(cancel);
            try
            {
                while (true)
                {
                    ServerSentEvent next;
                    try
                    {
                        if (!await stream.MoveNextAsync()) { lastError = "the event stream ended before the sweep did"; break; }
                        next = stream.Current;
                    }
                    catch (Exception error) when (Transient(error))
                    {
                        lastError = error.Message;
                        break;
                    }
                    lastId = next.Id ?? lastId;
                    if (next.Name == SweepEventNames.Status)
                    {
                        // The first stream's status is the one the caller started from.
                        if (!first && next.Data.Deserialize<SweepStatus>(ApiJson.Options) is SweepStatus status) caughtUp(status);
                        continue;
                    }
                    if (SweepEventNames.TypeOf(next.Name) is Type type && next.Data.Deserialize(type, ApiJson.Options) is ISweepEvent e)
                    {
                        yield return e;
                        if (e is SweepEnded) yield break;
                    }
                }
            }
            finally
            {
                await stream.DisposeAsync();
            }
            first = false;
            lostAt ??= DateTimeOffset.UtcNow;
            var left = giveUpAfter - (DateTimeOffset.UtcNow - lostAt.Value);
            if (left <= TimeSpan.Zero)
                throw new ApiException(0, $"lost the coordinator at {api.BaseUrl} while following sweep {id} and could not reconnect within {giveUpAfter.TotalSeconds:0} s ({lastError}); the sweep may still be running: `crossfold watch {id}` follows it again");
            await Task.Delay(pause < left ? pause : left, cancel);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    /// <summary>Failures a coordinator restart or move causes: unreachable, no answer, not ready yet, connection cut mid-stream.</summary>
    static bool Transient(Exception e) => e switch
    {
        ApiException a => a.Status is 0 or 502 or 503 or 504,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
