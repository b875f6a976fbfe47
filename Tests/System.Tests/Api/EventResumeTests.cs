using Crossfold.Cli.Client;
using Crossfold.Coordinator.Api;
using Crossfold.Core.Results;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Api;

/// <summary>
/// Real HTTP against a coordinator with a worker whose jobs only wait: every event of a sweep's stream has an id;
/// a client that reconnects with the last one gets exactly the events it missed, and one that names an id this
/// coordinator did not give (garbage, too long, another incarnation's, one from the future) gets a fresh status.
/// </summary>
public sealed class EventResumeTests : IAsyncLifetime
{
    // 30 jobs of 400 ms on one slot: the sweep runs for over ten seconds, long enough to miss some of it and come back.
    const string Sweep = "name: resume\nfolds: 10\narchitectures: [seed-mlp-1, seed-mlp-2, seed-mlp-3]\n";
    InProcessNodes _nodes = null!;
    string _id = "";

    public async Task InitializeAsync()
    {
        _nodes = await InProcessNodes.Start();
        await _nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(400)));
        _id = (await _nodes.Client.Submit(Sweep, "resume.yaml")).Id;
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    static long Sequence(ServerSentEvent e) => LastEventId.Parse(e.Id)!.Sequence;

    /// <summary>Reads a stream until <paramref name="enough"/> says so (then hangs up) or the server ends it.</summary>
    async Task<List<ServerSentEvent>> Read(string? lastEventId, Func<List<ServerSentEvent>, bool> enough)
    {
        var seen = new List<ServerSentEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var e in _nodes.Client.Events(_id, lastEventId, cancel: timeout.Token))
        {
            seen.Add(e);
            if (enough(seen)) break;
        }
        return seen;
    }

    [Fact]
    public async Task A_client_that_reconnects_with_the_last_id_gets_exactly_the_events_it_missed()
    {
        // A witness that never disconnects: the whole story, to compare the reconnecting client's with.
        var witness = Read(null, _ => false);
        await Eventually.True(async () => await _nodes.Client.Status(_id) is { Done: >= 1 }, TimeSpan.FromMinutes(1), "a first fold to finish");

        var before = await Read(null, seen => seen.Count(e => e.Name != SweepEventNames.Status) >= 3);
        Assert.Equal(SweepEventNames.Status, before[0].Name);
        Assert.All(before, e => Assert.NotNull(LastEventId.Parse(e.Id)));
        var lastSeen = before[^1];
        int doneWhenGone = (await _nodes.Client.Status(_id)).Done;
        await Eventually.True(async () => (await _nodes.Client.Status(_id)).Done >= doneWhenGone + 2, TimeSpan.FromMinutes(1),
            "two more folds to finish while the client is away");
        Assert.Equal(SweepState.Running, (await _nodes.Client.Status(_id)).State);

        var after = await Read(lastSeen.Id, _ => false);
        var whole = await witness;

        Assert.Equal("sweep-finished", after[^1].Name);
        Assert.DoesNotContain(after, e => e.Name == SweepEventNames.Status);
        var missed = whole.Where(e => e.Name != SweepEventNames.Status && Sequence(e) > Sequence(lastSeen)).ToList();
        Assert.True(missed.Count >= 4, $"only {missed.Count} events after the last one seen"); // two folds, each started and finished
        Assert.Equal(missed.Select(e => (e.Id, e.Name, e.Data.GetRawText())), after.Select(e => (e.Id, e.Name, e.Data.GetRawText())));
        Assert.Equal(Enumerable.Range(1, after.Count).Select(i => Sequence(lastSeen) + i), after.Select(Sequence));
    }

    [Fact]
    public async Task A_client_that_names_an_id_this_coordinator_did_not_give_gets_a_fresh_status()
    {
        var first = await Read(null, seen => seen.Count(e => e.Name != SweepEventNames.Status) >= 1);
        var ours = LastEventId.Parse(first[^1].Id)!;
        foreach (string? id in new[]
                 {
                     "garbage", "", "-1", new string('a', 10_000) + "-1",
                     LastEventId.Format(ours with { Incarnation = "0123456789ab" }),
                     LastEventId.Format(ours with { Sequence = ours.Sequence + 1_000_000 }),
                 })
        {
            var opened = await Read(id, seen => seen.Count >= 1);
            Assert.Equal(SweepEventNames.Status, opened[0].Name);
            var at = LastEventId.Parse(opened[0].Id);
            Assert.True(at is not null && at.Incarnation == ours.Incarnation && at.Sequence >= ours.Sequence, $"{id[..Math.Min(id.Length, 40)]}: status id {opened[0].Id}");
        }
        // The query parameter a browser's fresh EventSource uses is read as warily: not even ASCII is a fresh status.
        Assert.Equal("status", (await FirstByQuery("%C3%A9t%C3%A9-1")).Name);
        Assert.Equal(SweepState.Running, (await _nodes.Client.Status(_id)).State);
    }

    [Fact]
    public async Task A_browser_that_opens_a_new_stream_names_its_last_id_in_the_query_and_goes_on_after_it()
    {
        var first = await Read(null, seen => seen.Count(e => e.Name != SweepEventNames.Status) >= 1);
        var resumed = await FirstByQuery(Uri.EscapeDataString(first[^1].Id!));
        Assert.NotEqual(SweepEventNames.Status, resumed.Name);
        Assert.Equal(Sequence(first[^1]) + 1, LastEventId.Parse(resumed.Id)!.Sequence);
    }

    /// <summary>The first event of a stream opened with ?lastEventId=, read off the wire as text.</summary>
    async Task<(string? Id, string Name)> FirstByQuery(string escapedId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_nodes.Url) };
        using var response = await http.GetAsync($"/api/sweeps/{_id}/events?{LastEventId.Query}={escapedId}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? id = null;
        while (await reader.ReadLineAsync() is string line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) return (id, line[7..]);
        }
        throw new InvalidOperationException("the stream ended without an event");
    }
}
