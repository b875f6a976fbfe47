using System.Net.Http.Headers;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Api;

/// <summary>
/// A whole authenticated session against a real `crossfold serve` process started with --token-file:
/// submit and watch with the CLI, status, events through a ticket, reports, and the refused tries
/// (no token, a wrong one, ?access_token, a reused ticket, a ticket on another route). Afterwards no line
/// any process wrote carries the token or a ticket.
/// </summary>
public sealed class TokenInLogsTests : IDisposable
{
    const string Sweep = """
        name: logs-check
        seed: 3
        dataset: {source: mnist-t10k, limit: 200}
        folds: 2
        architectures: [seed-mlp-1]
        training: {epochs: 1, batch_size: 50}
        """;

    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-token-").FullName;
    readonly string _token = "tok-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
    readonly string _tokenFile;
    readonly ProcessCluster _cluster;
    readonly List<NodeProcess> _clients = new();
    readonly HttpClient _http;

    public TokenInLogsTests()
    {
        _tokenFile = Path.Combine(_dir, "api-token");
        File.WriteAllText(_tokenFile, _token + "\n");
        _cluster = new ProcessCluster("--token-file", _tokenFile);
        _cluster.StartWorker("worker");
        _http = new HttpClient { BaseAddress = new Uri(Url) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    string Url => $"http://127.0.0.1:{_cluster.HttpPort}";

    public void Dispose()
    {
        _http.Dispose();
        foreach (var c in _clients) c.Dispose();
        _cluster.Dispose();
        Directory.Delete(_dir, true);
    }

    /// <summary>Runs a client command as its own process against the coordinator, with the token from the file.</summary>
    NodeProcess Cli(params string[] arguments)
    {
        var process = NodeProcess.Start("crossfold " + arguments[0], RepoPaths.CoordinatorDll,
            arguments.Concat(new[] { "--coordinator", Url, "--token-file", _tokenFile }));
        _clients.Add(process);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(4)), $"{process.Name} did not finish\n{process.Output}\n{_cluster.Logs()}");
        Assert.True(process.ExitCode == 0, $"{process.Name} exited {process.ExitCode}\n{process.Output}\n{_cluster.Logs()}");
        return process;
    }

    async Task<string> Ticket()
    {
        using var issued = await _http.PostAsync("/api/tickets", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        return JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString()!;
    }

    [Fact]
    public async Task An_authenticated_session_leaves_no_token_or_ticket_in_any_log()
    {
        using var browser = new HttpClient { BaseAddress = new Uri(Url) };
        await Eventually.True(async () => (await browser.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90),
            "the coordinator to be ready", _cluster.Logs);
        string sweepFile = Path.Combine(_dir, "logs-check.yaml");
        File.WriteAllText(sweepFile, Sweep);
        var submit = Cli("submit", sweepFile, "--watch", "--plain");
        Assert.Contains("completed", submit.Output);

        var sweeps = JsonDocument.Parse(await _http.GetStringAsync("/api/sweeps")).RootElement;
        string id = sweeps.EnumerateArray().Single().GetProperty("sweepId").GetString()!;
        Assert.Equal("completed", JsonDocument.Parse(await _http.GetStringAsync($"/api/sweeps/{id}")).RootElement.GetProperty("state").GetString());
        Cli("status");
        Cli("watch", id, "--plain");
        Assert.Contains("accuracy", Cli("report", id, "-f", "csv").Output);

        // The event stream with a ticket, as the page reads it: works once.
        string ticket = await Ticket();
        using (var events = await browser.GetAsync($"/api/sweeps/{id}/events?ticket={ticket}"))
        {
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            Assert.Contains("event: sweep-finished", await events.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/sweeps/{id}/events?ticket={ticket}")).StatusCode);
        string other = await Ticket();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/sweeps/{id}/report?format=html&ticket={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/sweeps/{id}/events?access_token={_token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/sweeps?access_token={_token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/sweeps")).StatusCode);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token[..^1] + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/sweeps")).StatusCode);

        foreach (string format in new[] { "html", "csv", "md", "json" })
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/sweeps/{id}/report?format={format}")).StatusCode);

        // Stop everything gracefully so every buffered log line is written, then read every line.
        _cluster.Coordinator.Terminate();
        Assert.True(_cluster.Coordinator.WaitForExit(TimeSpan.FromSeconds(60)), _cluster.Logs());
        string coordinatorLog = _cluster.Coordinator.Output;
        Assert.Contains("crossfold serve: API on", coordinatorLog); // the log was captured at all
        Assert.Contains(id, coordinatorLog); // and covers the session
        var everything = new[] { ("coordinator", coordinatorLog), ("cluster", _cluster.Logs()) }
            .Concat(_clients.Select(c => (c.Name, c.Output)));
        foreach (var (name, log) in everything)
            foreach (string secret in new[] { _token, ticket, other })
                Assert.False(log.Contains(secret, StringComparison.Ordinal),
                    $"{name}'s output carries {(secret == _token ? "the token" : "a ticket")}:\n" +
                    string.Join("\n", log.Split('\n').Where(l => l.Contains(secret, StringComparison.Ordinal))));
    }
}
