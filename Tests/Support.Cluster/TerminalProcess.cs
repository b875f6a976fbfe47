using System.Diagnostics;
using System.Text;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>
/// A Crossfold program run in a pseudo-terminal of a fixed size (util-linux `script`), as a person sees it
/// in a terminal window: live views render, and Ctrl-C is the ^C character typed at the keyboard. The raw
/// output (escape sequences included) is kept.
/// </summary>
public sealed class TerminalProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly Task _reading;

    TerminalProcess(Process process)
    {
        _process = process;
        _reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await _process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (_output) _output.Append(buffer, 0, n);
        });
    }

    /// <summary>Everything the terminal received so far, escape sequences included.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts `dotnet DLL ARGUMENTS` in a terminal COLUMNS wide (and 24 lines high).</summary>
    public static TerminalProcess Start(string dll, IEnumerable<string> arguments, int columns, string? workingDirectory = null)
    {
        string command = $"stty cols {columns} rows 24; exec dotnet {string.Join(' ', new[] { dll }.Concat(arguments).Select(Quote))}";
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in new[] { "-q", "-e", "-f", "-c", command, "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("NO_COLOR");
        return new TerminalProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start script"));
    }

    /// <summary>Types Ctrl-C: the terminal sends SIGINT to the program.</summary>
    public void TypeCtrlC()
    {
        _process.StandardInput.Write('\u0003');
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until the output contains <paramref name="text"/>, the program ends, or the timeout passes.</summary>
    public bool WaitFor(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text)) return true;
            if (_process.HasExited) return Output.Contains(text);
            Thread.Sleep(100);
        }
        return false;
    }

    /// <summary>Waits for the program to end and for all its output to be read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds)) return false;
        _reading.Wait(TimeSpan.FromSeconds(10));
        return true;
    }

    static string Quote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
