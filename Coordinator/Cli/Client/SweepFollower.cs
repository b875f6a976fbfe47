using System.Runtime.CompilerServices;
using System.Text.Json;
using Crossfold.Coordinator.Api;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Cli.Client;

/// <summary>
/// A sweep's events across coordinator restarts and singleton moves: when the stream breaks (or ends before
/// sweep-finished) it reconnects, retrying until <c>giveUpAfter</c> has passed without a connection.
/// Each new stream opens with the sweep's current status, which is handed to <c>reconnected</c> so the view
/// catches up on what it missed; then its events follow.
/// </summary>
public static class SweepFollower
{
    static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>The sweep's events until sweep-finished; throws <see cref="ApiException"/> (status 0) when the coordinator stays away.</summary>
    public static async IAsyncEnumerable<ISweepEvent> Follow(CoordinatorClient api, string id, TimeSpan giveUpAfter, Action<SweepStatus> reconnected,
        [EnumeratorCancellation] CancellationToken cancel = default)
    {
        DateTimeOffset? lostAt = null;
        string? lastError = null;
        while (true)
        {
            var stream = api.Events(id, cancel).GetAsyncEnumerator(cancel);
            try
            {
                while (true)
                {
                    (string Name, JsonElement Data) next;
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
                    if (next.Name == SweepEventNames.Status)
                    {
                        if (lostAt is not null && next.Data.Deserialize<SweepStatus>(ApiJson.Options) is SweepStatus status)
                            reconnected(status);
                        lostAt = null;
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
            lostAt ??= DateTimeOffset.UtcNow;
            if (DateTimeOffset.UtcNow - lostAt >= giveUpAfter)
                throw new ApiException(0, $"lost the coordinator at {api.BaseUrl} while following sweep {id} and could not reconnect within {giveUpAfter.TotalSeconds:0} s ({lastError}); the sweep may still be running: `crossfold watch {id}` follows it again");
            await Task.Delay(Pause, cancel);
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
