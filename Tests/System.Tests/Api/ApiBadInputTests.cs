using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using Crossfold.Cli.Client;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Crossfold.Tests.Api;

/// <summary>
/// Every kind of bad request gets a clear 4xx with a problem document naming the field (and line),
/// nothing is stored for a rejected sweep, and a sweep already running is not disturbed.
/// </summary>
public sealed class ApiBadInputTests : IAsyncLifetime
{
    const string Token = "test-token-0123456789";
    InProcessNodes _nodes = null!;
    HttpClient _http = null!;
    CoordinatorClient _client = null!;
    string _running = "";

    public async Task InitializeAsync()
    {
        _nodes = await InProcessNodes.Start(Token, maxBodyBytes: 16 * 1024);
        // Jobs that take a while, so the good sweep is still running while the bad requests arrive.
        await _nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(400)));
        _http = new HttpClient { BaseAddress = new Uri(_nodes.Url) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        _client = _nodes.Client;
        _running = (await _client.Submit("name: good\nfolds: 10\narchitectures: [seed-mlp-2, seed-mlp-3]\n", "good.yaml")).Id;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _nodes.DisposeAsync();
    }

    async Task<(HttpStatusCode Status, JsonElement Problem)> Post(string body, HttpClient? client = null)
    {
        using var response = await (client ?? _http).PostAsync("/api/sweeps?name=bad.yaml", new StringContent(body, Encoding.UTF8, "application/yaml"));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    static IReadOnlyList<(string Path, int? Line, string Message)> Errors(JsonElement problem) => problem.GetProperty("errors").EnumerateArray()
        .Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("line").ValueKind == JsonValueKind.Number ? (int?)e.GetProperty("line").GetInt32() : null,
            e.GetProperty("message").GetString()!)).ToList();

    [Theory]
    [InlineData("malformed YAML", "architectures: [seed-cnn-2\nfolds: 3\n", "", "")]
    [InlineData("unknown key", "architectures: [seed-cnn-2]\ntraining: {epochs: 2, batchsize: 10}\n", "training.batchsize", "did you mean 'batch_size'")]
    [InlineData("unknown architecture", "architectures: [seed-cnn-9]\n", "architectures[0]", "seed-cnn-9")]
    [InlineData("unknown noise kind", "noise: {kind: pink, sigma: 0.1}\narchitectures: [seed-cnn-2]\n", "noise.kind", "pink")]
    [InlineData("folds < 2", "folds: 1\narchitectures: [seed-cnn-2]\n", "folds", "")]
    [InlineData("too many folds for the smallest class", "dataset: {source: mnist-t10k, limit: 20}\nfolds: 5\narchitectures: [seed-cnn-2]\n", "folds", "of every class")]
    [InlineData("missing dataset directory", "dataset: /no/such/mnist\narchitectures: [seed-cnn-2]\n", "dataset", "/no/such/mnist")]
    [InlineData("fingerprint mismatch", "dataset: {source: mnist-t10k, limit: 500, fingerprint: 0000000000000000000000000000000000000000000000000000000000000000}\narchitectures: [seed-cnn-2]\n", "dataset.fingerprint", "not the same images")]
    public async Task A_bad_sweep_gets_400_naming_the_problem_and_nothing_is_stored(string what, string sweep, string path, string mentions)
    {
        var (status, problem) = await Post(sweep);
        Assert.True(status == HttpStatusCode.BadRequest, $"{what}: got {status}");
        var errors = Errors(problem);
        Assert.NotEmpty(errors);
        if (path.Length > 0) Assert.Contains(errors, e => e.Path == path);
        if (mentions.Length > 0) Assert.Contains(errors, e => e.Message.Contains(mentions, StringComparison.OrdinalIgnoreCase));
        if (what == "malformed YAML") Assert.Contains(errors, e => e.Line is > 0);
        await NothingButTheGoodSweep();
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var (status, _) = await Post("# " + new string('x', 40 * 1024) + "\narchitectures: [seed-cnn-2]\n");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        await NothingButTheGoodSweep();
    }

    [Fact]
    public async Task A_missing_or_wrong_token_gets_401_each_with_its_own_words_and_health_probes_stay_open()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        var (missing, problem) = await Post("architectures: [seed-cnn-2]\n", anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        string missingDetail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("none was sent", missingDetail);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using var wrong = await anonymous.GetAsync($"/api/sweeps/{_running}/report");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        string wrongDetail = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("wrong", wrongDetail);
        Assert.NotEqual(missingDetail, wrongDetail);
        Assert.DoesNotContain(Token, wrongDetail);
        await NothingButTheGoodSweep();
    }

    [Fact]
    public async Task The_token_is_never_accepted_in_a_url()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        foreach (string path in new[] { $"/api/sweeps/{_running}/events?access_token={Token}", $"/api/events?access_token={Token}", $"/api/sweeps?access_token={Token}" })
        {
            using var response = await anonymous.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.Contains("access_token", await response.Content.ReadAsStringAsync());
        }
        // Not even next to a good header: a client that still puts the token in URLs hears about it.
        using var both = await _http.GetAsync($"/api/sweeps?access_token={Token}");
        Assert.Equal(HttpStatusCode.Unauthorized, both.StatusCode);
    }

    [Fact]
    public async Task An_event_stream_takes_a_ticket_once_and_no_other_route_takes_one()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/tickets", null)).StatusCode);
        async Task<string> Ticket()
        {
            using var issued = await _http.PostAsync("/api/tickets", null);
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
            Assert.Equal("no-store", issued.Headers.CacheControl?.ToString());
            var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(60, body.GetProperty("expiresInSeconds").GetInt32());
            return body.GetProperty("ticket").GetString()!;
        }

        foreach (string stream in new[] { $"/api/sweeps/{_running}/events", "/api/events" })
        {
            string ticket = await Ticket();
            using (var first = await anonymous.GetAsync($"{stream}?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
                Assert.Equal("text/event-stream", first.Content.Headers.ContentType?.MediaType);
            }
            using var again = await anonymous.GetAsync($"{stream}?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
            Assert.Contains("unknown, used or expired", await again.Content.ReadAsStringAsync());
        }

        foreach (var (method, path) in new[] { ("GET", "/api/sweeps"), ("GET", $"/api/sweeps/{_running}"), ("GET", $"/api/sweeps/{_running}/report"),
                     ("DELETE", $"/api/sweeps/{_running}"), ("POST", "/api/tickets"), ("GET", "/api/cluster") })
        {
            string ticket = await Ticket();
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?ticket={ticket}"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
            Assert.Contains("only by the event streams", await response.Content.ReadAsStringAsync());
        }
        Assert.NotEqual(SweepState.Cancelled, (await _client.Status(_running)).State); // the DELETE with a ticket cancelled nothing
    }

    [Fact]
    public async Task An_unknown_sweep_id_gets_404_everywhere()
    {
        foreach (var (method, path) in new[] { ("GET", "/api/sweeps/nope"), ("GET", "/api/sweeps/nope/report?format=md"), ("DELETE", "/api/sweeps/nope"),
                     ("GET", "/api/sweeps/nope/events") })
        {
            using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            Assert.Contains("nope", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"/api/sweeps/{_running}/report?format=pdf")).StatusCode);
    }

    [Fact]
    public async Task A_second_cancel_gets_409_and_the_other_sweep_runs_on()
    {
        string doomed = (await _client.Submit("name: doomed\nfolds: 3\narchitectures: [seed-mlp-2]\n", "doomed.yaml")).Id;
        Assert.Equal("cancelled", (await _client.Cancel(doomed)).State);
        var second = await Assert.ThrowsAsync<ApiException>(() => _client.Cancel(doomed));
        Assert.Equal(409, second.Status);
        Assert.Contains("already cancelled", second.Message);

        var good = await Eventually.Get(async () => await _client.Status(_running) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(2), "the good sweep to finish");
        Assert.Equal((SweepState.Completed, 20, 0), (good.State, good.Done, good.Failed));
    }

    async Task NothingButTheGoodSweep()
    {
        var sweeps = await _client.List();
        Assert.Equal(new[] { _running }, sweeps.Select(s => s.SweepId));
        Assert.Contains(sweeps[0].State, new[] { SweepState.Running, SweepState.Completed });
        // The store is written in the background: wait for the good sweep's row, then there must be no other.
        long stored = 0;
        await Eventually.True(() => Task.FromResult((stored = StoredSweeps()) >= 1), TimeSpan.FromSeconds(10), "the good sweep in the database");
        Assert.Equal(1L, stored);
    }

    long StoredSweeps()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(_nodes.Data, "crossfold.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM crossfold_sweeps";
        return (long)count.ExecuteScalar()!;
    }
}
