using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>
/// A real Crossfold process (coordinator or worker) started by a test: its output is kept for the
/// failure message, and it can be killed (SIGKILL) or asked to stop (SIGTERM) like on a real machine.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    NodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="environment">Variables set for the process on top of this one's.</param>
    public static NodeProcess Start(string name, string dll, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>()) start.Environment[variable] = value;
        return new NodeProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}"));
    }

    /// <summary>SIGKILL: the process dies at once, mid-whatever, as when a machine loses power.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: what Kubernetes or systemd sends to stop a process gracefully.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && kill(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastWin32Error()}");
    }

    /// <summary>SIGINT: what Ctrl-C sends.</summary>
    public void Interrupt()
    {
        if (!_process.HasExited && kill(_process.Id, 2) != 0)
            throw new InvalidOperationException($"kill -INT {_process.Id} failed: errno {Marshal.GetLastWin32Error()}");
    }

    /// <summary>Waits for the process to end and for all its output to be read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds)) return false;
        _process.WaitForExit(); // the parameterless wait also drains the redirected output
        return true;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);
}
