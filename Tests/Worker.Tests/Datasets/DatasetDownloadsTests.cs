using System.Net;
using Crossfold.Core.Data;
using Crossfold.Tests.Support;
using Crossfold.Worker.Datasets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crossfold.Tests.Datasets;

/// <summary>A worker's dataset cache against a scripted coordinator: what is kept is always what was asked for.</summary>
public sealed class DatasetDownloadsTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Answers each GET with the next scripted body (the last one repeats), or 404 for digests it does not know.</summary>
    sealed class Coordinator(Dictionary<string, Queue<byte[]>> bodies) : HttpMessageHandler
    {
        public List<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string digest = request.RequestUri!.Segments[^1];
            lock (Requests) Requests.Add($"{request.RequestUri.AbsolutePath} {request.Headers.Authorization}");
            if (!bodies.TryGetValue(digest, out var queue)) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            byte[] body = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        }
    }

    /// <summary>A coordinator that stops talking: it never answers, or sends the first bytes of the body and then nothing.</summary>
    sealed class Silent(byte[]? start) : HttpMessageHandler
    {
        public int Requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            if (start is null) await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(start!)) };
        }
    }

    sealed class StallingStream(byte[] start) : MemoryStream(start)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = await base.ReadAsync(buffer, cancellationToken);
            if (n > 0) return n;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    static string Digest(byte[] bytes) => StoredFile.Digest(new MemoryStream(bytes));

    DatasetDownloads Cache(Coordinator coordinator, long capacity = 1 << 20) =>
        new(Path.Combine(_folder.Path, "cache"), capacity, "secret", NullLogger.Instance, coordinator, attempts: 3, retryDelay: TimeSpan.Zero)
        {
            Server = "http://coordinator:5080/",
        };

    [Fact]
    public void A_corrupt_download_is_discarded_and_tried_again_and_only_the_right_bytes_are_kept()
    {
        byte[] good = TestData.Pixels(5000), bad = [.. good[..^1], (byte)(good[^1] ^ 1)];
        string digest = Digest(good);
        var coordinator = new Coordinator(new() { [digest] = new Queue<byte[]>([bad, good[..100], good]) });

        string path = Cache(coordinator).Find(digest)!;

        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal(3, coordinator.Requests.Count);
        Assert.All(coordinator.Requests, r => Assert.Equal($"/api/datasets/{digest} Bearer secret", r));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_folder.Path, "cache")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Path, "cache", "incoming")));
    }

    [Fact]
    public void A_download_that_stays_corrupt_fails_saying_so_and_leaves_nothing()
    {
        byte[] good = TestData.Pixels(100);
        string digest = Digest(good);
        var coordinator = new Coordinator(new() { [digest] = new Queue<byte[]>([TestData.Pixels(100, seed: 9)]) });

        var e = Assert.Throws<DatasetException>(() => Cache(coordinator).Find(digest));

        Assert.Contains("could not be downloaded from the coordinator at http://coordinator:5080 in 3 attempts", e.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Path, "cache"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(false, "did not answer within 1 s")]
    [InlineData(true, "the download stalled: no bytes for 1 s")]
    public void A_coordinator_that_goes_silent_fails_the_download_after_the_idle_timeout_and_leaves_nothing(bool sendsSomeBytes, string expected)
    {
        byte[] good = TestData.Pixels(5000);
        var coordinator = new Silent(sendsSomeBytes ? good[..1000] : null);
        var cache = new DatasetDownloads(Path.Combine(_folder.Path, "cache"), 1 << 20, null, NullLogger.Instance, coordinator, attempts: 2,
            retryDelay: TimeSpan.Zero, idleTimeout: TimeSpan.FromSeconds(1)) { Server = "http://coordinator:5080" };

        var e = Assert.Throws<DatasetException>(() => cache.Find(Digest(good)));

        Assert.Contains("in 2 attempts", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(2, coordinator.Requests);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Path, "cache"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_digest_the_coordinator_does_not_store_is_not_found()
    {
        Assert.Null(Cache(new Coordinator(new())).Find(new string('b', 64)));
    }

    [Fact]
    public void A_cached_file_damaged_in_place_is_downloaded_again()
    {
        byte[] good = TestData.Pixels(3000);
        string digest = Digest(good);
        var coordinator = new Coordinator(new() { [digest] = new Queue<byte[]>([good]) });
        var cache = Cache(coordinator);
        string path = cache.Find(digest)!;
        Assert.Equal(path, cache.Find(digest));
        Assert.Single(coordinator.Requests);

        File.WriteAllBytes(path, TestData.Pixels(3000, seed: 4));

        Assert.Equal(good, File.ReadAllBytes(cache.Find(digest)!));
        Assert.Equal(2, coordinator.Requests.Count);
    }

    [Fact]
    public void A_full_cache_evicts_the_least_recently_used_file_and_a_file_larger_than_the_cache_is_refused()
    {
        byte[] a = TestData.Pixels(400, seed: 1), b = TestData.Pixels(400, seed: 2), c = TestData.Pixels(400, seed: 3), huge = TestData.Pixels(2000, seed: 4);
        var coordinator = new Coordinator(new[] { a, b, c, huge }.ToDictionary(Digest, x => new Queue<byte[]>([x])));
        var cache = Cache(coordinator, capacity: 1000);
        string pathA = cache.Find(Digest(a))!, pathB = cache.Find(Digest(b))!;
        File.SetLastAccessTimeUtc(pathA, DateTime.UtcNow.AddMinutes(-1));
        File.SetLastAccessTimeUtc(pathB, DateTime.UtcNow.AddMinutes(-10));

        cache.Find(Digest(c));

        Assert.True(File.Exists(pathA));
        Assert.False(File.Exists(pathB));
        Assert.Equal(800, cache.Bytes);
        var e = Assert.Throws<DatasetException>(() => cache.Find(Digest(huge)));
        Assert.Contains("more than this worker's whole dataset cache may hold (--cache-bytes 1,000)", e.Message);
    }
}
