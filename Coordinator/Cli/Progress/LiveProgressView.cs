using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Spectre.Console;

namespace Crossfold.Cli.Progress;

/// <summary>
/// Progress for a terminal: an overall bar with ETA, a bar per running job (epochs) with its slot and
/// device, and a line per finished trial with its mean ± std. Labels fit the terminal's width (<see cref="LiveLayout"/>).
/// </summary>
public sealed class LiveProgressView(ProgressContext context, int jobs, LiveLayout layout) : IProgressView
{
    readonly ProgressTask _overall = context.AddTask(layout.Sweep(0, jobs), maxValue: Math.Max(jobs, 1));
    readonly Dictionary<int, ProgressTask> _running = new();
    int _ended;

    public void Catch(SweepStatus status)
    {
        // Called again after a reconnection: the status replaces the bars of jobs that may have ended meanwhile.
        foreach (var task in _running.Values) task.StopTask();
        _running.Clear();
        _ended = status.Done + status.Failed - 1;
        Advance();
        foreach (var job in status.RunningJobs)
            _running[job.JobId] = context.AddTask(layout.Job(job.Description, job.Slot.Name, job.Slot.Device),
                maxValue: Math.Max(job.Epochs, 1)).Value(job.EpochsDone);
    }

    public void Show(ISweepEvent e)
    {
        switch (e)
        {
            case JobStarted s:
                Finish(s.JobId);
                _running[s.JobId] = context.AddTask(layout.Job(s.Description, s.Slot.Name, s.Slot.Device), maxValue: Math.Max(s.Epochs, 1));
                break;
            case EpochRecorded p when _running.TryGetValue(p.JobId, out var task):
                task.Value = p.Metrics.Epoch;
                break;
            case FoldRecorded f:
                Finish(f.JobId);
                Advance();
                break;
            case JobAbandoned g:
                Finish(g.JobId);
                Advance();
                AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(g.Description)}: {Markup.Escape(g.Error)}");
                break;
            case JobRequeued r:
                Finish(r.JobId);
                AnsiConsole.MarkupLine($"[yellow]retry[/] job {r.JobId}: {Markup.Escape(r.Reason)}");
                break;
            case TrialCompleted t:
                AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(ProgressText.Trial(t.Trial))}");
                break;
            case TrialEliminated x:
                for (int i = 0; i < x.FoldsDropped; i++) Advance();
                AnsiConsole.MarkupLine($"[yellow]✗[/] {Markup.Escape(ProgressText.Eliminated(x))}");
                break;
            case SweepEnded:
                foreach (var id in _running.Keys.ToList()) Finish(id);
                _overall.StopTask();
                break;
        }
    }

    public void Note(string text) => AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(text)}[/]");

    void Advance()
    {
        _ended++;
        _overall.Value = _ended;
        _overall.Description = layout.Sweep(_ended, jobs);
    }

    void Finish(int jobId)
    {
        if (!_running.Remove(jobId, out var task)) return;
        task.Value = task.MaxValue;
        task.StopTask();
    }
}
