using System.Security.Cryptography;
using System.Text.Json;
using Crossfold.Core.Data;

namespace Crossfold.Coordinator.Datasets;

/// <summary>
/// The coordinator's dataset files, content-addressed: DIR/&lt;sha256&gt; holds the file whose bytes have
/// that SHA-256, and DIR/&lt;sha256&gt;.json its name and when it came. An upload is streamed to a temporary
/// file under DIR/incoming, hashed as it arrives, and renamed into place only once its digest is the one
/// it was sent as: a file in the store is never half-written or wrong, and an interrupted upload leaves
/// nothing (it is simply sent again). Every coordinator node that may host the sweep coordinator must
/// see the same directory (a shared volume with PostgreSQL).
/// </summary>
public sealed class DatasetStore : IStoredFiles
{
    const string Incoming = "incoming";

    public DatasetStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, Incoming));
        // Uploads a crash cut short: nobody will finish them.
        foreach (var stale in System.IO.Directory.EnumerateFiles(Path.Combine(Directory, Incoming)))
            TryDelete(stale);
    }

    public string Directory { get; }

    /// <summary>One stored file: its digest, size, the name it was uploaded as, and when.</summary>
    public sealed record Entry(string Sha256, long Bytes, string Name, DateTimeOffset Added);

    /// <summary>How an upload ended.</summary>
    public enum AddResult { Stored, AlreadyStored, TooLarge, DigestMismatch }

    public string? Find(string digest) => StoredFile.IsDigest(digest) && File.Exists(PathOf(digest)) ? PathOf(digest) : null;

    /// <summary>The stored file, or null.</summary>
    public Entry? Get(string digest)
    {
        if (Find(digest) is not string path) return null;
        var info = new FileInfo(path);
        var meta = ReadMeta(digest);
        return new Entry(digest, info.Length, meta?.Name ?? "", meta?.Added ?? info.LastWriteTimeUtc);
    }

    /// <summary>Every stored file, newest first.</summary>
    public IReadOnlyList<Entry> List() => System.IO.Directory.EnumerateFiles(Directory)
        .Select(Path.GetFileName)
        .Where(name => name is not null && StoredFile.IsDigest(name))
        .Select(name => Get(name!))
        .OfType<Entry>()
        .OrderByDescending(e => e.Added)
        .ToList();

    /// <summary>Removes a stored file; false when there was none.</summary>
    public bool Remove(string digest)
    {
        if (Find(digest) is not string path) return false;
        File.Delete(path);
        TryDelete(MetaPath(digest));
        return true;
    }

    /// <summary>
    /// Streams <paramref name="content"/> into the store as the file with SHA-256 <paramref name="digest"/>, reading at
    /// most <paramref name="maxBytes"/>; it becomes visible only if its bytes have that digest.
    /// </summary>
    public async Task<(AddResult Result, string? ActualDigest, long Bytes)> Add(string digest, Stream content, long maxBytes, string name, CancellationToken cancel)
    {
        if (!StoredFile.IsDigest(digest)) throw new ArgumentException("not a SHA-256 digest", nameof(digest));
        if (Get(digest) is { } existing) return (AddResult.AlreadyStored, digest, existing.Bytes);
        string temp = Path.Combine(Directory, Incoming, $"{digest}.{Guid.NewGuid():N}.part");
        try
        {
            long bytes = 0;
            string actual;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await content.ReadAsync(buffer, cancel)) > 0)
                {
                    bytes += n;
                    if (bytes > maxBytes) return (AddResult.TooLarge, null, bytes);
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancel);
                }
                await file.FlushAsync(cancel);
                file.Flush(flushToDisk: true);
                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (actual != digest) return (AddResult.DigestMismatch, actual, bytes);
            WriteMeta(digest, new Meta(name, DateTimeOffset.UtcNow));
            // Content-addressed: two uploads of the same bytes racing here write the same file.
            File.Move(temp, PathOf(digest), overwrite: true);
            return (AddResult.Stored, digest, bytes);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    string PathOf(string digest) => Path.Combine(Directory, digest);

    string MetaPath(string digest) => Path.Combine(Directory, digest + ".json");

    sealed record Meta(string Name, DateTimeOffset Added);

    Meta? ReadMeta(string digest)
    {
        try
        {
            return JsonSerializer.Deserialize<Meta>(File.ReadAllText(MetaPath(digest)));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    void WriteMeta(string digest, Meta meta)
    {
        string temp = Path.Combine(Directory, Incoming, $"{digest}.{Guid.NewGuid():N}.json");
        File.WriteAllText(temp, JsonSerializer.Serialize(meta));
        File.Move(temp, MetaPath(digest), overwrite: true);
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }
}
