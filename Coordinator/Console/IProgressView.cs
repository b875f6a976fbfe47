using Crossfold.Shared.Protocol;

namespace Crossfold.Coordinator.Console;

/// <summary>Shows a running sweep's events to a person (live bars in a terminal, plain lines in a log).</summary>
public interface IProgressView
{
    /// <summary>Shows the progress of one event.</summary>
    void Show(ISweepEvent e);

    /// <summary>A note from the command itself (e.g. "cancelling…").</summary>
    void Note(string text);
}
