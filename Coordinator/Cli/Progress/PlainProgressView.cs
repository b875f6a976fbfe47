using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Cli.Progress;

/// <summary>Progress as one line per event: for logs, pipes and CI.</summary>
public sealed class PlainProgressView(TextWriter output, int jobs) : IProgressView
{
    readonly Dictionary<int, string> _descriptions = new();
    int _ended;

    public void Catch(SweepStatus status)
    {
        _ended = status.Done + status.Failed;
        output.WriteLine($"[sweep] {status.SweepId} '{status.Name}': {status.Done} of {status.Jobs} folds done, {status.Running} running, {status.Queued} queued, {status.Failed} failed");
        foreach (var job in status.RunningJobs)
        {
            _descriptions[job.JobId] = job.Description;
            output.WriteLine($"[running] {job.Description} on {job.Slot.Name} ({job.Slot.Device}), epoch {job.EpochsDone}/{job.Epochs}");
        }
        output.Flush();
    }

    public void Show(ISweepEvent e)
    {
        switch (e)
        {
            case JobStarted s:
                _descriptions[s.JobId] = s.Description;
                output.WriteLine($"[start] {s.Description} on {s.Slot.Name} ({s.Slot.Device}){(s.Attempt > 1 ? $", attempt {s.Attempt}" : "")}");
                break;
            case EpochRecorded p:
                output.WriteLine($"        {_descriptions.GetValueOrDefault(p.JobId, $"job {p.JobId}")} {ProgressText.Epoch(p.Metrics, p.Epochs)}");
                break;
            case FoldRecorded f:
                output.WriteLine($"[{++_ended}/{jobs}] {ProgressText.Fold(f)}");
                break;
            case JobAbandoned g:
                output.WriteLine($"[{++_ended}/{jobs}] FAILED {g.Description}: {g.Error}");
                break;
            case JobRequeued r:
                output.WriteLine($"[retry] {_descriptions.GetValueOrDefault(r.JobId, $"job {r.JobId}")} back in the queue: {r.Reason}");
                break;
            case TrialCompleted t:
                output.WriteLine($"[trial] {ProgressText.Trial(t.Trial)}");
                break;
            case TrialEliminated x:
                _ended += x.FoldsDropped;
                output.WriteLine($"[eliminated] {ProgressText.Eliminated(x)}");
                break;
            case SweepEnded end:
                output.WriteLine($"[sweep] {end.SweepId} {end.State.ToString().ToLowerInvariant()}");
                break;
        }
        output.Flush();
    }

    public void Note(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }
}
