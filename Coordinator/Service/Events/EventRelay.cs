using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Coordinator.Security;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Events;

/// <summary>
/// Subscribes to sweep events and hands them to ordinary code through a channel; completes its
/// <c>subscribed</c> task once the coordinator confirmed the subscription. Takes events only from the
/// coordinator, and registers as a gateway sender so the coordinator takes its subscription.
/// Started by <see cref="EventSubscription"/>.
/// </summary>
public sealed class EventRelay : ReceiveActor
{
    readonly GatewaySenders _gateways;

    public EventRelay(IActorRef coordinator, string? sweepId, ChannelWriter<ISweepEvent> events, TaskCompletionSource subscribed, GatewaySenders gateways)
    {
        _gateways = gateways;
        gateways.Add(Self);
        var fromCoordinator = CoordinatorSingleton.Recognizer(Context.System, coordinator);
        coordinator.Tell(new SubscribeToSweeps(sweepId));
        Receive<SubscriptionConfirmed>(_ =>
        {
            if (fromCoordinator(Sender)) subscribed.TrySetResult();
        });
        Receive<ISweepEvent>(e =>
        {
            if (fromCoordinator(Sender)) events.TryWrite(e);
        });
    }

    protected override void PostStop() => _gateways.Remove(Self);
}
