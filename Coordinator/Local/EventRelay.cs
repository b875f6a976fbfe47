using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Shared.Protocol;

namespace Crossfold.Coordinator.Local;

/// <summary>Subscribes to a sweep's events and hands them to ordinary code through a channel.</summary>
public sealed class EventRelay : ReceiveActor
{
    public EventRelay(IActorRef coordinator, string? sweepId, ChannelWriter<ISweepEvent> events)
    {
        coordinator.Tell(new SubscribeToSweeps(sweepId));
        Receive<ISweepEvent>(e => events.TryWrite(e));
    }

    public static Props Props(IActorRef coordinator, string? sweepId, ChannelWriter<ISweepEvent> events) =>
        Akka.Actor.Props.Create(() => new EventRelay(coordinator, sweepId, events));
}
