using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Scheduling;

/// <summary>The coordinator's record of one worker slot: what it runs, or whether it waits for work.</summary>
public sealed class SlotState(SlotInfo info)
{
    public SlotInfo Info { get; set; } = info;
    public (string SweepId, int JobId)? Running { get; set; }
    public bool Waiting { get; set; }
    public long WaitingSince { get; set; }
    public DateTimeOffset LastSeen { get; set; }
}
