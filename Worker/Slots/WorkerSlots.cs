using Akka.Actor;
using Crossfold.Protocol.Messages;
using Crossfold.Torch.Training;
using Crossfold.Worker.Actors;
using Crossfold.Worker.Jobs;

namespace Crossfold.Worker.Slots;

/// <summary>Starts a node's worker slots: the one way both `crossfold-worker` and `crossfold run` create them.</summary>
public static class WorkerSlots
{
    /// <summary>
    /// One slot actor per planned slot (named slot-N), each pulling work from <paramref name="coordinator"/>
    /// and running its jobs with the runner <paramref name="runner"/> makes for it.
    /// </summary>
    /// <param name="node">How people see this node ("host:port", or the machine name in a local run).</param>
    /// <param name="datasetServer">Told the coordinator's HTTP API whenever a job names it (a worker's dataset downloads follow it).</param>
    public static IReadOnlyList<IActorRef> Start(ActorSystem system, IActorRef coordinator, IReadOnlyList<PlannedSlot> slots, string node,
        Func<SlotInfo, IJobRunner> runner, WorkerTimings? timings = null, Action<string>? datasetServer = null)
    {
        // The coordinator binds a slot to the actor that sent its request; the incarnation only tells people apart a restarted worker.
        string incarnation = Guid.NewGuid().ToString("N")[..8];
        return slots.Select(slot =>
            {
                var info = new SlotInfo(node, slot.Index, Devices.Name(slot.Device), slot.DeviceName, slot.MemoryBytes, slot.Threads, slots.Count, incarnation);
                return system.ActorOf(WorkerSlotActor.Props(coordinator, info, slot.Device, runner(info), timings ?? WorkerTimings.Default, datasetServer), $"slot-{slot.Index}");
            })
            .ToList();
    }
}
