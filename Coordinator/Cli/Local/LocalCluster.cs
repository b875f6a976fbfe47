using Akka.Actor;
using Akka.Configuration;
using Crossfold.Coordinator.Actors;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Worker.Actors;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;

namespace Crossfold.Cli.Local;

/// <summary>
/// `crossfold run` in one process: the same coordinator actor and worker slot actors a cluster runs,
/// in a single actor system without remoting. One code path for local and distributed sweeps.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    LocalCluster(ActorSystem system, IActorRef coordinator, IReadOnlyList<PlannedSlot> slots)
    {
        System = system;
        Coordinator = coordinator;
        Slots = slots;
    }

    public ActorSystem System { get; }
    public IActorRef Coordinator { get; }
    public IReadOnlyList<PlannedSlot> Slots { get; }

    /// <summary>Starts the coordinator and one slot actor per planned slot, all sharing <paramref name="datasets"/>.</summary>
    public static LocalCluster Start(IReadOnlyList<PlannedSlot> slots, DatasetCache datasets, SchedulerOptions options)
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """);
        var system = ActorSystem.Create("crossfold-local", config);
        var coordinator = system.ActorOf(SweepCoordinatorActor.Props(options), "coordinator");
        var runner = new JobRunner(datasets, Environment.MachineName);
        WorkerSlots.Start(system, coordinator, slots, Environment.MachineName, _ => runner);
        return new LocalCluster(system, coordinator, slots);
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
