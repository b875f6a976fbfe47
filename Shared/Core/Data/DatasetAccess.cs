namespace Crossfold.Core.Data;

/// <summary>
/// Which dataset files may be read, and how large they may be. <see cref="Anywhere"/> (a local run, a
/// worker) reads any regular file; a coordinator reads the files of submitted sweeps only under its
/// datasets root (<see cref="Root"/>, checked after resolving every symbolic link) and up to
/// <see cref="MaxFileBytes"/> (compressed and uncompressed). Whatever the access, a dataset file must be
/// a regular, non-empty file: never a FIFO (reading one blocks), a device, a socket or a directory, nor
/// a file the system says is empty (as /proc says of its files).
/// </summary>
/// <param name="Root">The directory every file must lie in (lexically normal, absolute), or null for anywhere.</param>
/// <param name="MaxFileBytes">The most bytes a file may hold on disk, and the most its content may hold once decompressed.</param>
/// <param name="Files">Where files named <c>sha256:HEX</c> are found (a coordinator's store, a worker's cache); null: such names are refused.</param>
public sealed record DatasetAccess(string? Root, long MaxFileBytes, IStoredFiles? Files = null)
{
    /// <summary>Any regular file of any size: what a local run and a worker read.</summary>
    public static DatasetAccess Anywhere { get; } = new(null, long.MaxValue);

    /// <summary>Only files under <paramref name="root"/>, of at most <paramref name="maxFileBytes"/> each.</summary>
    public static DatasetAccess Under(string root, long maxFileBytes, IStoredFiles? files = null) =>
        new(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), maxFileBytes, files);

    /// <summary>
    /// Where a missing path was looked for, and why there: appended to "does not exist" when files are
    /// confined, since a submitter expects paths relative to the sweep file the coordinator never saw.
    /// </summary>
    string WhereNote => Root is null ? "" :
        $" under the datasets root {Root} (a submitted sweep's datasets are read on the coordinator, under its --datasets-root; " +
        "relative paths resolve against that root, not against the sweep file's directory, which the coordinator never sees)";

    /// <summary>The checked file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetException">It is outside the root, missing, not a regular file, empty or too large.</exception>
    public DatasetFile File(string path) =>
        FileIfPresent(path) ?? throw new DatasetException(path, $"file does not exist{WhereNote}");

    /// <summary>The checked file at <paramref name="path"/>, or null when nothing is there (when a file is only a candidate).</summary>
    public DatasetFile? FileIfPresent(string path)
    {
        if (StoredFile.LooksLikeReference(path)) return Stored(path);
        var resolved = Resolve(path);
        if (resolved.Facts is not FileFacts facts) return null;
        return Checked(path, resolved.Path, facts);
    }

    /// <summary>A file named by its digest: found by <see cref="Files"/> (no root applies: the store is this node's own), then checked like any file.</summary>
    DatasetFile Stored(string reference)
    {
        string digest = StoredFile.DigestOf(reference)
            ?? throw new DatasetException(reference, $"is not a stored file's name: expected {StoredFile.Prefix} followed by 64 hexadecimal digits");
        if (Files is null)
            throw new DatasetException(reference, "names a file in a coordinator's dataset store, which only a sweep submitted to a coordinator can do; " +
                "`crossfold run` reads dataset files by path");
        string real = Files.Find(digest) ?? throw new DatasetException(reference,
            "no dataset file with this SHA-256 is stored on the coordinator: upload it with `crossfold datasets push FILE` " +
            "(`crossfold submit` uploads a sweep's files by itself); `crossfold datasets list` shows what is stored");
        FileFacts facts;
        try
        {
            facts = UnixFile.Stat(real) ?? throw new DatasetException(reference, "was removed from the dataset store while it was being read; try again");
        }
        catch (IOException e)
        {
            throw new DatasetException(reference, $"cannot be read ({e.Message})", e);
        }
        return Checked(reference, real, facts);
    }

    DatasetFile Checked(string path, string real, FileFacts facts)
    {
        string? problem = facts.Kind switch
        {
            FileKind.Directory => "is a directory, expected a file",
            not FileKind.Regular => "is not a regular file (a FIFO, device or socket); a dataset must be a regular file",
            _ when facts.Length == 0 => "is empty (0 bytes on disk); expected an IDX or NumPy .npy file",
            _ when facts.Length > MaxFileBytes => $"is {facts.Length:N0} bytes, more than the {MaxFileBytes:N0} a dataset file may have (--max-dataset-bytes)",
            _ => null,
        };
        if (problem is not null) throw new DatasetException(path, problem);
        return new DatasetFile(path, real, facts.Length, facts.LastWriteUtc, facts.Device, facts.Inode, MaxFileBytes);
    }

    /// <summary>Checks that <paramref name="path"/> is a directory this access may read from.</summary>
    /// <exception cref="DatasetException">It is outside the root, missing or not a directory; <paramref name="expected"/> says what it should hold.</exception>
    public void Directory(string path, string expected)
    {
        var resolved = Resolve(path);
        if (resolved.Facts is not FileFacts facts)
            throw new DatasetException(path, $"dataset directory does not exist{WhereNote}; expected {expected}");
        if (facts.Kind != FileKind.Directory)
            throw new DatasetException(path, $"is not a directory; expected {expected}");
    }

    /// <summary>Resolves <paramref name="path"/> within what this access allows; an escape is refused here, the same way whether or not its target exists.</summary>
    PathResolver.Resolved Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (Root is null) return PathResolver.Resolve(full);
            if (PathResolver.Relative(full, Root) is not string inside) throw Outside(path);
            var root = PathResolver.Resolve(Root);
            if (root.Facts is not { Kind: FileKind.Directory })
                throw new DatasetException(path, $"cannot be read: the datasets root {Root} (--datasets-root) does not exist or is not a directory");
            var resolved = PathResolver.ResolveUnder(new PathResolver.Root(root.Path, Root), inside);
            return resolved.Outside ? throw Outside(path) : resolved;
        }
        catch (IOException e)
        {
            // The system's own words ("Permission denied"), never anything read from a file.
            throw new DatasetException(path, $"cannot be read ({e.Message})", e);
        }
    }

    DatasetException Outside(string path) => new(path,
        $"is outside the datasets root {Root} (symbolic links followed); a sweep submitted to the coordinator may only name datasets under its --datasets-root");
}
