using System.Net;
using System.Text.Json;
using System.Text;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Data;
using Crossfold.Protocol.Cluster;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support;
using Crossfold.Worker.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crossfold.Tests.Intake;

/// <summary>
/// Sweeps submitted over HTTP to a real coordinator (no worker: accepted sweeps stay running) may read
/// datasets only under its datasets root, get 400s naming the field and line for anything else, and
/// leave nothing stored and nothing cached when refused; the quotas answer with the option to change.
/// </summary>
public sealed class SubmissionApiTests : IAsyncLifetime
{
    readonly TempFolder _folder = new();
    string _root = "";
    WebApplication _node = null!;
    HttpClient _http = null!;
    DatasetCache _cache = null!;

    public async Task InitializeAsync()
    {
        _root = Path.Combine(_folder.Path, "datasets");
        byte[] labels = [.. Enumerable.Range(0, 60).Select(i => (byte)(i % 10))];
        _folder.Write("datasets/digits/images", TestData.IdxImages(labels.Length, 28, 28, TestData.Pixels(labels.Length * 784)));
        _folder.Write("datasets/digits/labels", TestData.IdxLabels(labels));
        Fifo.Make(Path.Combine(_root, "pipe"));
        File.CreateSymbolicLink(Path.Combine(_root, "shadow"), "/etc/shadow");

        string url = $"http://127.0.0.1:{TestPorts.Free()}";
        int akka = TestPorts.Free();
        var data = Path.Combine(_folder.Path, "data");
        _node = CoordinatorServer.Build(new ServeOptions(url, new ClusterNodeOptions("127.0.0.1", akka, "127.0.0.1", [$"127.0.0.1:{akka}"]),
            data, null, null, ServeOptions.DefaultMaxBodyBytes, SchedulerOptions.Default with { MaxActiveSweeps = 1 },
            IntakeOptions.For(data) with { DatasetsRoot = _root, MaxEpochs = 100 }));
        await _node.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url) };
        _cache = _node.Services.GetRequiredService<DatasetCache>();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    async Task<(HttpStatusCode Status, JsonElement Problem)> Post(string body)
    {
        using var response = await _http.PostAsync("/api/sweeps?name=bad.yaml", new StringContent(body, Encoding.UTF8, "application/yaml"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    static (string Path, int? Line, string Message) Error(JsonElement problem)
    {
        var e = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        return (e.GetProperty("path").GetString()!, e.GetProperty("line").ValueKind == JsonValueKind.Number ? e.GetProperty("line").GetInt32() : null,
            e.GetProperty("message").GetString()!);
    }

    void NothingStoredNorCached()
    {
        Assert.Equal((0, 0L), (_cache.Count, _cache.Bytes));
        string file = Path.Combine(_folder.Path, "data", "crossfold.db");
        if (!File.Exists(file)) return;
        using var db = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, "data", "crossfold.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM crossfold_sweeps";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }

    [Theory]
    [InlineData("/etc/passwd", "digits/labels", "dataset.images", "is outside the coordinator's datasets root")]
    [InlineData("digits/images", "../../../../../../etc/passwd", "dataset.labels", "resolves to /etc/passwd, outside the coordinator's datasets root")]
    [InlineData("digits/images", "pipe", "dataset.labels", "is not a regular file (a FIFO, device or socket)")]
    [InlineData("shadow", "digits/labels", "dataset.images", "(symbolic links followed)")]
    [InlineData("digits/images", "nothing-here", "dataset.labels", "file does not exist under the datasets root")]
    public async Task A_dataset_the_coordinator_may_not_read_gets_400_naming_the_field_and_line(string images, string labels, string field, string says)
    {
        var (status, problem) = await Post($"name: probe\ndataset:\n  images: {images}\n  labels: {labels}\narchitectures: [seed-mlp-1]\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (path, line, message) = Error(problem);
        Assert.Equal(field, path);
        Assert.Equal(field == "dataset.images" ? 3 : 4, line);
        Assert.Contains(says, message);
        Assert.DoesNotContain("root:", message);
        NothingStoredNorCached();
    }

    [Fact]
    public async Task Bad_yaml_and_limits_get_400_naming_the_problem()
    {
        string bomb = "architectures: [seed-mlp-1]\n? &b [&a [x, x, x], *a, *a, *a]\n: 1\n";
        var (status, problem) = await Post(bomb);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("message").GetString()!.StartsWith("alias *a is not allowed"));

        (status, problem) = await Post("architectures: [seed-mlp-1]\ntraining: {epochs: 5000}\n");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("training.epochs", 2, "5,000 epochs is more than the limit of 100 (--max-epochs)"), Error(problem));
        NothingStoredNorCached();
    }

    [Fact]
    public async Task Refused_submissions_leave_no_dataset_in_the_cache_and_the_active_sweep_quota_gets_409()
    {
        const string wrong = "0000000000000000000000000000000000000000000000000000000000000000";
        for (int i = 0; i < 65; i++)
        {
            var (status, problem) = await Post($"dataset: {{images: digits/images, labels: digits/labels, limit: {20 + i % 40}, fingerprint: {wrong}}}\narchitectures: [seed-mlp-1]\n");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("dataset.fingerprint", Error(problem).Path);
        }
        NothingStoredNorCached();

        string good = "dataset: {images: digits/images, labels: digits/labels}\nfolds: 3\narchitectures: [seed-mlp-1]\n";
        Assert.Equal(HttpStatusCode.Created, (await Post(good)).Status);
        Assert.Equal((1, 60L * 784 * 4 + 60), (_cache.Count, _cache.Bytes));

        // The coordinator runs one sweep at most here: the next valid one is refused by its state, not its content.
        var (busy, refusal) = await Post(good.Replace("folds: 3", "folds: 4"));
        Assert.Equal(HttpStatusCode.Conflict, busy);
        Assert.Contains("(--max-active-sweeps 1)", refusal.GetProperty("detail").GetString());
        Assert.Equal((1, 60L * 784 * 4 + 60), (_cache.Count, _cache.Bytes));
    }
}
