using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Coordinator.Security;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Events;

/// <summary>
/// Subscribes to sweep events and hands them to ordinary code through a channel; completes its
/// <c>subscribed</c> task with the coordinator's confirmation. Takes events only from the coordinator,
/// and registers as a gateway sender so the coordinator takes its subscription. When the coordinator
/// that confirmed stops (a restart, or the singleton moving away) the channel is completed: its events
/// will never come, and the stream's client reconnects to whichever coordinator runs next.
/// Started by <see cref="EventSubscription"/>.
/// </summary>
public sealed class EventRelay : ReceiveActor
{
    readonly GatewaySenders _gateways;

    public EventRelay(IActorRef coordinator, SubscribeToSweeps subscription, ChannelWriter<NumberedSweepEvent> events,
        TaskCompletionSource<SubscriptionConfirmed> subscribed, GatewaySenders gateways)
    {
        _gateways = gateways;
        gateways.Add(Self);
        var fromCoordinator = CoordinatorSingleton.Recognizer(Context.System, coordinator);
        coordinator.Tell(subscription);
        Receive<SubscriptionConfirmed>(confirmed =>
        {
            if (!fromCoordinator(Sender)) return;
            Context.Watch(Sender);
            subscribed.TrySetResult(confirmed);
        });
        Receive<NumberedSweepEvent>(e =>
        {
            if (fromCoordinator(Sender)) events.TryWrite(e);
        });
        Receive<Terminated>(_ => events.TryComplete());
    }

    protected override void PostStop() => _gateways.Remove(Self);
}
