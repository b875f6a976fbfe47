using System.Security.Cryptography;

namespace Crossfold.Core.Data;

/// <summary>
/// A dataset file named by the SHA-256 of its bytes, written <c>sha256:HEX</c> wherever a sweep names a
/// file. The coordinator keeps such files in its dataset store (`crossfold datasets push`, or `crossfold
/// submit` by itself); a worker downloads them by that name, checks the digest, and caches them.
/// </summary>
public static class StoredFile
{
    /// <summary>What a reference starts with.</summary>
    public const string Prefix = "sha256:";

    /// <summary>"sha256:HEX" for a digest.</summary>
    public static string Reference(string digest) => Prefix + digest;

    /// <summary>True when <paramref name="text"/> is written as a reference (well-formed or not): it is never a path.</summary>
    public static bool LooksLikeReference(string text) => text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The lower-case digest of a well-formed reference ("sha256:" and 64 hexadecimal digits), else null.</summary>
    public static string? DigestOf(string reference) =>
        LooksLikeReference(reference) && reference[Prefix.Length..].Trim().ToLowerInvariant() is var hex && IsDigest(hex) ? hex : null;

    /// <summary>64 lower-case hexadecimal digits.</summary>
    public static bool IsDigest(string text) => text.Length == 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The SHA-256 of a stream's remaining bytes, lower-case hex.</summary>
    public static string Digest(Stream content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string DigestOfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Digest(stream);
    }
}

/// <summary>
/// Where a node finds dataset files by digest: on a coordinator its dataset store, on a worker its cache,
/// which downloads what it lacks from the coordinator. A file it returns has been checked against its digest.
/// </summary>
public interface IStoredFiles
{
    /// <summary>The local path of the file whose bytes have the SHA-256 <paramref name="digest"/>, or null when the coordinator has no such file.</summary>
    /// <exception cref="DatasetException">The file exists but cannot be had here (the download failed, the cache is too small).</exception>
    string? Find(string digest);
}
