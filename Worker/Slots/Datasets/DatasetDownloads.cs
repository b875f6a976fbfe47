using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Crossfold.Core.Data;
using Microsoft.Extensions.Logging;

namespace Crossfold.Worker.Datasets;

/// <summary>
/// A worker's cache of stored dataset files (--cache DIR, at most --cache-bytes): a job that names a file
/// by digest (sha256:…) gets it from here, and what is missing is downloaded from the coordinator's HTTP API
/// (the address comes with every job; the API token from --token-file). A download is streamed to a
/// temporary file, hashed as it arrives, and kept only if its bytes have the digest; a partial or corrupt
/// one is discarded and tried again, never used; so is one that stalls (no answer, or no bytes, for the idle
/// timeout), so a coordinator that stops sending cannot hold a job forever. A cached file is hashed again whenever it changed on disk
/// since it was last checked (and once per process), so one damaged in place is downloaded afresh. When
/// the cache is full, the least recently used files go first.
/// </summary>
public sealed class DatasetDownloads : IStoredFiles
{
    /// <summary>10 GiB.</summary>
    public const long DefaultCapacityBytes = 10L << 30;

    const string Incoming = "incoming";

    readonly string _directory;
    readonly HttpClient _http;
    readonly ILogger _log;
    readonly int _attempts;
    readonly TimeSpan _retryDelay;
    readonly TimeSpan _idle;
    readonly ConcurrentDictionary<string, object> _locks = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, (long Length, DateTime Written)> _checked = new(StringComparer.Ordinal);
    readonly object _room = new();
    volatile string? _server;

    /// <param name="directory">The cache directory (created if missing).</param>
    /// <param name="capacityBytes">The most bytes of files it keeps.</param>
    /// <param name="token">The coordinator's API token, or null when it has none.</param>
    /// <param name="handler">How HTTP requests are sent (tests); null: a real connection.</param>
    /// <param name="idleTimeout">How long the coordinator may leave a download without an answer or a byte (default <see cref="DefaultIdleTimeout"/>).</param>
    public DatasetDownloads(string directory, long capacityBytes, string? token, ILogger log, HttpMessageHandler? handler = null,
        int attempts = 3, TimeSpan? retryDelay = null, TimeSpan? idleTimeout = null)
    {
        if (capacityBytes < 1) throw new ArgumentOutOfRangeException(nameof(capacityBytes));
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.Combine(_directory, Incoming));
        foreach (var stale in Directory.EnumerateFiles(Path.Combine(_directory, Incoming))) TryDelete(stale);
        CapacityBytes = capacityBytes;
        _log = log;
        _attempts = attempts;
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(2);
        _idle = idleTimeout ?? DefaultIdleTimeout;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        // A large file takes as long as it takes: the limit is on silence (see Send and Read), not on the whole download.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public long CapacityBytes { get; }

    /// <summary>One minute: far longer than any pause of a coordinator that is serving the file.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The coordinator's HTTP API, as the last job assigned here named it.</summary>
    public string? Server
    {
        get => _server;
        set => _server = value?.TrimEnd('/');
    }

    /// <summary>Bytes of files in the cache.</summary>
    public long Bytes => Cached().Sum(f => f.Length);

    public string? Find(string digest)
    {
        if (!StoredFile.IsDigest(digest)) return null;
        lock (_locks.GetOrAdd(digest, _ => new object()))
        {
            string path = Path.Combine(_directory, digest);
            if (File.Exists(path))
            {
                if (Intact(path, digest))
                {
                    File.SetLastAccessTimeUtc(path, DateTime.UtcNow);
                    return path;
                }
                _log.LogWarning("Cached dataset file {File} is damaged (its bytes no longer have that SHA-256): discarded, downloading it again",
                    StoredFile.Reference(digest));
                TryDelete(path);
            }
            return Download(digest, path);
        }
    }

    /// <summary>Whether the cached file still has its digest: hashed again only when it changed on disk since it was last checked.</summary>
    bool Intact(string path, string digest)
    {
        var info = new FileInfo(path);
        var facts = (info.Length, info.LastWriteTimeUtc);
        if (_checked.TryGetValue(digest, out var known) && known == facts) return true;
        if (StoredFile.DigestOfFile(path) != digest) return false;
        _checked[digest] = facts;
        return true;
    }

    string? Download(string digest, string path)
    {
        string reference = StoredFile.Reference(digest);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Fetch(digest, path);
            }
            catch (Retry e) when (attempt < _attempts)
            {
                _log.LogWarning("Downloading {File} failed ({Problem}); trying again ({Attempt} of {Attempts})", reference, e.Message, attempt + 1, _attempts);
                Thread.Sleep(_retryDelay * attempt);
            }
            catch (Retry e)
            {
                throw new DatasetException(reference, $"could not be downloaded from the coordinator at {Server} in {_attempts} attempts: {e.Message}");
            }
        }
    }

    /// <summary>One download; null when the coordinator has no such file.</summary>
    string? Fetch(string digest, string path)
    {
        string reference = StoredFile.Reference(digest);
        string server = Server ?? throw new DatasetException(reference,
            "is a stored dataset file, and this worker has not been told where the coordinator's HTTP API is (it comes with a job from a coordinator of this version)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string temp = Path.Combine(_directory, Incoming, $"{digest}.{Guid.NewGuid():N}.part");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{server}/api/datasets/{digest}");
            using var response = Send(request);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new DatasetException(reference, $"the coordinator at {server} refused this worker's download ({(int)response.StatusCode}): " +
                    "start crossfold-worker with --token-file holding the coordinator's API token");
            if (!response.IsSuccessStatusCode) throw new Retry($"the coordinator answered {(int)response.StatusCode} {response.ReasonPhrase}");
            long? length = response.Content.Headers.ContentLength;
            if (length > CapacityBytes) throw TooLarge(reference, length.Value);
            MakeRoom(length ?? 0, digest);

            long bytes = 0;
            string actual;
            using (var body = response.Content.ReadAsStream())
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = Read(body, buffer)) > 0)
                {
                    bytes += n;
                    if (bytes > CapacityBytes) throw TooLarge(reference, bytes);
                    hash.AppendData(buffer, 0, n);
                    file.Write(buffer, 0, n);
                }
                file.Flush(flushToDisk: true);
                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (length is long expected && bytes != expected) throw new Retry($"the download ended after {bytes:N0} of {expected:N0} bytes; the partial file was discarded");
            if (actual != digest) throw new Retry($"the downloaded bytes have SHA-256 {actual[..12]}…, not {digest[..12]}…; they were discarded");
            File.Move(temp, path, overwrite: true);
            var info = new FileInfo(path);
            _checked[digest] = (info.Length, info.LastWriteTimeUtc);
            _log.LogInformation("Downloaded dataset file {File} ({Bytes:N0} bytes) from {Server} in {Seconds:0.0} s", reference, bytes, server, clock.Elapsed.TotalSeconds);
            return path;
        }
        catch (HttpRequestException e)
        {
            throw new Retry($"cannot reach the coordinator at {server}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new Retry(e.Message);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    HttpResponseMessage Send(HttpRequestMessage request)
    {
        using var silence = new CancellationTokenSource(_idle);
        try
        {
            // Find runs on a job's own thread (no synchronization context): waiting here blocks nothing else.
            return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, silence.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (silence.IsCancellationRequested)
        {
            throw new Retry($"the coordinator did not answer within {_idle.TotalSeconds:0} s");
        }
    }

    int Read(Stream body, byte[] buffer)
    {
        using var silence = new CancellationTokenSource(_idle);
        try
        {
            return body.ReadAsync(buffer, silence.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (silence.IsCancellationRequested)
        {
            throw new Retry($"the download stalled: no bytes for {_idle.TotalSeconds:0} s; the partial file was discarded");
        }
        catch (HttpRequestException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    DatasetException TooLarge(string reference, long bytes) => new(reference,
        $"is {bytes:N0} bytes or more, more than this worker's whole dataset cache may hold (--cache-bytes {CapacityBytes:N0}); give the worker a larger cache");

    /// <summary>Evicts the least recently used files until <paramref name="bytes"/> more fit; never <paramref name="keep"/>.</summary>
    void MakeRoom(long bytes, string keep)
    {
        lock (_room)
        {
            var files = Cached().Where(f => f.Name != keep).OrderBy(f => f.LastAccessTimeUtc).ToList();
            long used = files.Sum(f => f.Length);
            foreach (var victim in files)
            {
                if (used + bytes <= CapacityBytes) break;
                TryDelete(victim.FullName);
                _checked.TryRemove(victim.Name, out _);
                used -= victim.Length;
                _log.LogInformation("Dataset cache full (--cache-bytes {Capacity:N0}): removed the least recently used file {File}", CapacityBytes,
                    StoredFile.Reference(victim.Name));
            }
        }
    }

    IEnumerable<FileInfo> Cached() => new DirectoryInfo(_directory).EnumerateFiles().Where(f => StoredFile.IsDigest(f.Name));

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }

    /// <summary>A failure worth another attempt: the connection, a short or damaged download.</summary>
    sealed class Retry(string message) : Exception(message);
}
