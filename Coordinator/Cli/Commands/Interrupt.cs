using System.Runtime.InteropServices;

namespace Crossfold.Cli;

/// <summary>
/// Turns the first Ctrl-C (or SIGTERM) into a cancellation the command handles cleanly; a second
/// Ctrl-C ends the process at once, for when a clean stop is not wanted.
/// </summary>
public sealed class Interrupt : IDisposable
{
    readonly CancellationTokenSource _source = new();
    readonly PosixSignalRegistration _terminate;

    public Interrupt()
    {
        System.Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _source.Cancel();
        });
    }

    public CancellationToken Token => _source.Token;

    void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = !_source.IsCancellationRequested;
        _source.Cancel();
    }

    public void Dispose()
    {
        System.Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate.Dispose();
        _source.Dispose();
    }
}
