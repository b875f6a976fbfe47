using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crossfold.Core.Data;

/// <summary>What the file system says about one path, without following a final symbolic link.</summary>
internal readonly record struct FileFacts(FileKind Kind, long Length, ulong Device, ulong Inode, DateTime LastWriteUtc);

/// <summary>The kinds of file system entries a dataset path may meet.</summary>
internal enum FileKind { Regular, Directory, SymbolicLink, Other }

/// <summary>
/// The few Linux calls .NET does not offer: the type of a file (a FIFO, a device and a regular file look
/// alike to <see cref="FileInfo"/>), and an open that cannot block. Opening a FIFO for reading waits for a
/// writer, forever if none comes; with O_NONBLOCK it returns at once and the type check refuses it.
/// statx's structure has one layout on every Linux architecture, unlike stat's.
/// </summary>
internal static partial class UnixFile
{
    const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
    const uint StatxBasicStats = 0x7ff;
    // The same values on x86-64 and arm64: read only, never block, never become the controlling terminal.
    const int ReadOnlyNonBlocking = 0 | 0x800 | 0x100 | 0x80000; // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
    const int NoSuchFile = 2, NotADirectory = 20;

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    struct Statx
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(112)] public long ModifiedSeconds;
        [FieldOffset(120)] public uint ModifiedNanoseconds;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeStatx(int directory, string path, int flags, uint mask, out Statx result);

    // open(2) is variadic; without O_CREAT it never reads the mode, so two arguments are all it takes.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    /// <summary>lstat: the entry at <paramref name="path"/> itself, or null when nothing is there.</summary>
    /// <exception cref="IOException">Any other failure (permission denied on a directory on the way, ...).</exception>
    public static FileFacts? Stat(string path)
    {
        if (NativeStatx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out var result) == 0) return Facts(result);
        int error = Marshal.GetLastPInvokeError();
        return error is NoSuchFile or NotADirectory ? null : throw Failure(error);
    }

    /// <summary>fstat: the file an open handle refers to.</summary>
    public static FileFacts Stat(SafeFileHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            int fd = (int)handle.DangerousGetHandle();
            return NativeStatx(fd, "", AtEmptyPath, StatxBasicStats, out var result) == 0
                ? Facts(result)
                : throw Failure(Marshal.GetLastPInvokeError());
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading without ever blocking (a FIFO opens at once; check its kind before reading).</summary>
    public static SafeFileHandle OpenRead(string path)
    {
        int fd = NativeOpen(path, ReadOnlyNonBlocking);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Failure(Marshal.GetLastPInvokeError());
    }

    static FileFacts Facts(in Statx s)
    {
        var kind = (s.Mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        var modified = DateTime.UnixEpoch.AddSeconds(s.ModifiedSeconds).AddTicks(s.ModifiedNanoseconds / 100);
        return new FileFacts(kind, (long)s.Size, ((ulong)s.DeviceMajor << 32) | s.DeviceMinor, s.Inode, modified);
    }

    // The message is the system's ("Permission denied"), never anything read from a file.
    static IOException Failure(int error) => new(Marshal.GetPInvokeErrorMessage(error));
}
