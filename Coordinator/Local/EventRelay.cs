using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Shared.Protocol;

namespace Crossfold.Coordinator.Local;

/// <summary>
/// Subscribes to sweep events and hands them to ordinary code through a channel; completes its
/// <c>subscribed</c> task once the coordinator confirmed the subscription. Started by <see cref="EventSubscription"/>.
/// </summary>
public sealed class EventRelay : ReceiveActor
{
    public EventRelay(IActorRef coordinator, string? sweepId, ChannelWriter<ISweepEvent> events, TaskCompletionSource subscribed)
    {
        coordinator.Tell(new SubscribeToSweeps(sweepId));
        Receive<SubscriptionConfirmed>(_ => subscribed.TrySetResult());
        Receive<ISweepEvent>(e => events.TryWrite(e));
    }
}
