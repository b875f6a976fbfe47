using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Cli.Progress;

/// <summary>Shows a running sweep's events to a person (live bars in a terminal, plain lines in a log).</summary>
public interface IProgressView
{
    /// <summary>Starts from a sweep already under way (watching it from another machine).</summary>
    void Catch(SweepStatus status);

    /// <summary>Shows the progress of one event.</summary>
    void Show(ISweepEvent e);

    /// <summary>A note from the command itself (e.g. "cancelling…").</summary>
    void Note(string text);
}
