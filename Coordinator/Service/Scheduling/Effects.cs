using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Scheduling;

/// <summary>
/// What the scheduler decided should happen after a step: messages to worker slots (by slot key) and
/// events for subscribers. The actor carries them out; the scheduler itself never sends anything.
/// </summary>
public sealed class Effects
{
    public List<(string SlotKey, IProtocolMessage Message)> ToSlots { get; } = new();
    public List<ISweepEvent> Events { get; } = new();

    /// <summary>Sweeps whose durable state (new, ended) changed in this step: to be stored.</summary>
    public HashSet<string> ChangedSweeps { get; } = new();

    /// <summary>Jobs whose durable state (result, final error, retries used) changed in this step: to be stored.</summary>
    public List<(string SweepId, int JobId)> ChangedJobs { get; } = new();

    /// <summary>Messages from slots that were refused in this step (stale or forged), and why: for the log, never acted on.</summary>
    public List<string> Refusals { get; } = new();

    public bool IsEmpty => ToSlots.Count == 0 && Events.Count == 0 && ChangedSweeps.Count == 0 && ChangedJobs.Count == 0;
}
