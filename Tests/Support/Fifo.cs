using System.Runtime.InteropServices;

using Xunit;

namespace Crossfold.Tests.Support;

/// <summary>
/// Named pipes for tests: opening one for reading blocks until a writer comes, so whatever the code
/// under test does with one runs on another thread, and a test that finds it stuck frees it and fails.
/// </summary>
public static class Fifo
{
    [DllImport("libc", SetLastError = true)]
    static extern int mkfifo(string path, uint mode);

    /// <summary>Creates a FIFO at <paramref name="path"/> and returns the path.</summary>
    public static string Make(string path)
    {
        if (mkfifo(path, 0b110_100_100) != 0) throw new IOException($"mkfifo {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return path;
    }

    /// <summary>Runs <paramref name="action"/>, failing the test if it is still running after 20 s (then blocked on <paramref name="fifo"/>, which is unblocked).</summary>
    public static Exception? Unblocked(string fifo, Action action)
    {
        var run = Task.Run(() =>
        {
            try { action(); return null; }
            catch (Exception e) { return e; }
        });
        if (run.Wait(TimeSpan.FromSeconds(20))) return run.Result;
        // A writer releases the reader stuck in open(2), so the test process can end.
        using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
        Assert.Fail($"reading {fifo} blocked: a FIFO was opened for reading");
        return null;
    }
}
