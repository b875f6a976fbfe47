using Crossfold.Cli.Client;
using Crossfold.Core.Data;
using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Datasets;

/// <summary>
/// Datasets by fingerprint, with real processes each in its own working directory: `crossfold submit` uploads
/// the files a sweep names on the submitting machine, the worker downloads them from the coordinator's API
/// (with the token from --token-file), checks and caches them, and a damaged cached file is fetched again.
/// </summary>
public sealed class DatasetTransferTests : IDisposable
{
    const string Token = "dataset-transfer-test-token-0123456789";
    readonly TempFolder _client = new(), _worker = new();

    public void Dispose()
    {
        _client.Dispose();
        _worker.Dispose();
    }

    /// <summary>60 digits (6 of each class) as two IDX files under data/, and a sweep naming them relative to itself.</summary>
    string WriteSweep()
    {
        var labels = Enumerable.Range(0, 60).Select(i => (byte)(i % 10)).ToArray();
        _client.Write("data/images", TestData.IdxImages(60, 28, 28, TestData.Pixels(60 * 784, seed: 5)));
        _client.Write("data/labels", TestData.IdxLabels(labels));
        return _client.Write("sweep.yaml", System.Text.Encoding.UTF8.GetBytes(Sweep("data/images", "data/labels")));
    }

    static string Sweep(string images, string labels) => $"""
        name: transfer
        seed: 3
        dataset: {'{'}images: {images}, labels: {labels}{'}'}
        folds: 3
        architectures: [seed-mlp-1]
        training: {'{'}epochs: 1, batch_size: 20{'}'}
        """;

    NodeProcess Cli(params string[] arguments) => NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, arguments, _client.Path);

    [Fact]
    public async Task A_sweep_whose_dataset_exists_only_on_the_submitting_machine_trains_on_a_worker_and_a_damaged_cached_file_is_downloaded_again()
    {
        string tokenFile = _client.Write("token", System.Text.Encoding.UTF8.GetBytes(Token + "\n"));
        string sweep = WriteSweep();
        using var cluster = new ProcessCluster("--token-file", tokenFile);
        string cache = Path.Combine(_worker.Path, "cache");
        var (worker, _) = cluster.StartWorker("worker", 1, "--cache", cache, "--token-file", tokenFile);
        using var api = new CoordinatorClient($"http://127.0.0.1:{cluster.HttpPort}", Token);
        await Eventually.True(async () => (await api.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(90), "the worker's slot to register", cluster.Logs);

        string url = $"http://127.0.0.1:{cluster.HttpPort}";
        using (var submit = Cli("submit", "sweep.yaml", "--coordinator", url, "--token-file", tokenFile, "--watch", "--plain"))
        {
            Assert.True(submit.WaitForExit(TimeSpan.FromMinutes(3)), submit.Output + cluster.Logs());
            Assert.True(submit.ExitCode == 0, submit.Output + cluster.Logs());
            Assert.Contains("images: uploaded", submit.Output);
            Assert.Contains("labels: uploaded", submit.Output);
        }
        var first = (await api.List()).Single();
        var report = await api.ReportData(first.SweepId);
        var local = await ClusterTestSweeps.RunLocally(Sweep(Path.Combine(_client.Path, "data/images"), Path.Combine(_client.Path, "data/labels")), slots: 1);
        Assert.Equal(local.Dataset.Fingerprint, report.Dataset.Fingerprint);
        ClusterTestSweeps.AssertSameFolds(local, report);
        Assert.Equal(2, Occurrences(worker.Output, "Downloaded dataset file"));
        // A file larger than --max-body-bytes (1 MiB) may still be pushed; the stored files are listed, and nothing of the token reached a log.
        _client.Write("large", TestData.Pixels(3 << 20));
        using (var push = Cli("datasets", "push", "large", "--coordinator", url, "--token-file", tokenFile))
        {
            Assert.True(push.WaitForExit(TimeSpan.FromMinutes(1)) && push.ExitCode == 0, push.Output);
            Assert.Contains("large: uploaded (3,145,728 bytes)", push.Output);
        }
        using (var list = Cli("datasets", "list", "--coordinator", url, "--token-file", tokenFile))
        {
            Assert.True(list.WaitForExit(TimeSpan.FromMinutes(1)) && list.ExitCode == 0, list.Output);
            Assert.Equal(3, Occurrences(list.Output, "sha256:"));
        }
        Assert.DoesNotContain(Token, cluster.Logs());

        // Damage the cached images in place: the worker notices, discards them and downloads them again.
        string images = StoredFile.DigestOfFile(Path.Combine(_client.Path, "data/images"));
        string cached = Path.Combine(cache, images);
        var bytes = File.ReadAllBytes(cached);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(cached, bytes);
        using (var again = Cli("submit", "sweep.yaml", "--coordinator", url, "--token-file", tokenFile, "--watch", "--plain"))
        {
            Assert.True(again.WaitForExit(TimeSpan.FromMinutes(3)), again.Output + cluster.Logs());
            Assert.True(again.ExitCode == 0, again.Output + cluster.Logs());
            Assert.Contains("stored on the coordinator already", again.Output);
        }
        Assert.Contains("is damaged", worker.Output);
        Assert.Equal(3, Occurrences(worker.Output, "Downloaded dataset file"));
        Assert.Equal(images, StoredFile.DigestOfFile(cached));
        var second = (await api.List()).Single(s => s.SweepId != first.SweepId);
        ClusterTestSweeps.AssertSameFolds(local, await api.ReportData(second.SweepId));
    }

    [Fact]
    public async Task Unknown_digests_too_large_uploads_and_a_cache_too_small_get_clear_errors()
    {
        string sweep = WriteSweep();
        using var cluster = new ProcessCluster("--max-dataset-upload-bytes", "100000", "--max-retries", "0");
        cluster.StartWorker("worker", 1, "--cache", Path.Combine(_worker.Path, "cache"), "--cache-bytes", "1000");
        string url = $"http://127.0.0.1:{cluster.HttpPort}";
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(90), "the worker's slot to register", cluster.Logs);

        // A sweep naming a digest the coordinator does not store is refused, naming the field and what to do.
        string unknown = new('a', 64);
        var refused = await Assert.ThrowsAsync<ApiException>(() => cluster.Client.Submit(Sweep($"sha256:{unknown}", $"sha256:{unknown}"), "unknown.yaml"));
        Assert.Equal(400, refused.Status);
        Assert.Contains("no dataset file with this SHA-256 is stored on the coordinator", refused.Message + string.Join(" ", refused.Problem?.Errors?.Select(e => e.Message) ?? []));

        // A file larger than --max-dataset-upload-bytes is refused and nothing is stored.
        _client.Write("big", TestData.Pixels(200_000));
        using (var push = Cli("datasets", "push", "big", "--coordinator", url))
        {
            Assert.True(push.WaitForExit(TimeSpan.FromMinutes(1)), push.Output);
            Assert.Equal(2, push.ExitCode);
            Assert.Contains("larger than the 100,000 bytes this coordinator accepts (--max-dataset-upload-bytes)", push.Output);
        }
        Assert.Empty(await cluster.Client.Datasets());

        // A dataset file larger than the worker's whole cache fails the job with a message saying so.
        using (var submit = Cli("submit", "sweep.yaml", "--coordinator", url, "--watch", "--plain"))
        {
            Assert.True(submit.WaitForExit(TimeSpan.FromMinutes(3)), submit.Output + cluster.Logs());
            Assert.True(submit.ExitCode == 1, $"exit {submit.ExitCode}\n{submit.Output}{cluster.Logs()}");
        }
        var status = (await cluster.Client.List()).Single();
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(status.Jobs, status.Failed);
        Assert.Contains("more than this worker's whole dataset cache may hold (--cache-bytes 1,000)", cluster.Logs());
    }

    [Fact]
    public async Task An_upload_that_would_fill_the_store_past_its_limit_is_refused_and_nothing_is_stored()
    {
        using var cluster = new ProcessCluster("--max-dataset-store-bytes", "150000");
        string url = $"http://127.0.0.1:{cluster.HttpPort}";
        await Eventually.True(async () => (await cluster.Client.Datasets()) is not null, TimeSpan.FromSeconds(90), "the coordinator to serve", cluster.Logs);
        _client.Write("first", TestData.Pixels(100_000));
        _client.Write("second", TestData.Pixels(100_000, seed: 2));
        using (var push = Cli("datasets", "push", "first", "--coordinator", url))
        {
            Assert.True(push.WaitForExit(TimeSpan.FromMinutes(1)), push.Output);
            Assert.True(push.ExitCode == 0, push.Output);
        }
        using (var push = Cli("datasets", "push", "second", "--coordinator", url))
        {
            Assert.True(push.WaitForExit(TimeSpan.FromMinutes(1)), push.Output);
            Assert.True(push.ExitCode == 3, push.Output); // the coordinator answered with an error of its own
            Assert.Contains("does not fit: the dataset store holds 100,000 of the 150,000 bytes it may (--max-dataset-store-bytes), and 50,000 are free for it; " +
                "nothing was stored", push.Output);
        }
        Assert.Single(await cluster.Client.Datasets());
        // Room made, it fits.
        using (var rm = Cli("datasets", "rm", StoredFile.Digest(new MemoryStream(TestData.Pixels(100_000))), "--coordinator", url))
            Assert.True(rm.WaitForExit(TimeSpan.FromMinutes(1)) && rm.ExitCode == 0, rm.Output);
        using (var push = Cli("datasets", "push", "second", "--coordinator", url))
            Assert.True(push.WaitForExit(TimeSpan.FromMinutes(1)) && push.ExitCode == 0, push.Output);
        Assert.Single(await cluster.Client.Datasets());
    }

    static int Occurrences(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;
}
