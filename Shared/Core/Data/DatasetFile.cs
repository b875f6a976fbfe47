using Microsoft.Win32.SafeHandles;

namespace Crossfold.Core.Data;

/// <summary>
/// A dataset file that passed its <see cref="DatasetAccess"/> checks, not yet read: the path as named,
/// the real path it resolved to, and its length and last write, which together identify its content
/// for a cache. <see cref="Open"/> reads exactly that file, or refuses.
/// </summary>
public sealed record DatasetFile(string Path, string RealPath, long Length, DateTime LastWriteUtc, ulong Device, ulong Inode, long MaxContentBytes)
{
    /// <summary>What changes when the content may have: "real path|length|last write".</summary>
    public string Identity => $"{RealPath}|{Length}|{LastWriteUtc.Ticks}";

    /// <summary>
    /// Opens the checked file for reading, without ever blocking, and makes sure it is still the regular
    /// file that was checked (not swapped since for a FIFO or another file). The stream ends at the
    /// checked length, whatever the file claims later.
    /// </summary>
    /// <exception cref="DatasetException">It cannot be opened or is no longer the file that was checked.</exception>
    public Stream Open()
    {
        SafeFileHandle handle;
        FileFacts facts;
        try
        {
            handle = UnixFile.OpenRead(RealPath);
            facts = UnixFile.Stat(handle);
        }
        catch (IOException e)
        {
            throw new DatasetException(Path, $"cannot be opened ({e.Message})", e);
        }
        if (facts.Kind != FileKind.Regular || facts.Device != Device || facts.Inode != Inode)
        {
            handle.Dispose();
            throw new DatasetException(Path, "changed while it was being opened (it is no longer the regular file that was checked); try again");
        }
        return new BoundedStream(new FileStream(handle, FileAccess.Read, bufferSize: 1 << 16), Length);
    }
}
