using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Coordinator.Security;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Events;

/// <summary>Follows sweep events from ordinary code: no event after the subscription is missed.</summary>
public static class EventSubscription
{
    /// <summary>
    /// Starts a relay and waits (up to <paramref name="timeout"/>) for its subscription to be confirmed; the
    /// confirmation says whether the events after <see cref="SubscribeToSweeps.ResumeAfter"/> come first.
    /// </summary>
    public static async Task<(IActorRef Relay, SubscriptionConfirmed Confirmed)> Start(ActorSystem system, IActorRef coordinator,
        SubscribeToSweeps subscription, ChannelWriter<NumberedSweepEvent> events, TimeSpan timeout, GatewaySenders gateways)
    {
        var subscribed = new TaskCompletionSource<SubscriptionConfirmed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var relay = system.ActorOf(Props.Create(() => new EventRelay(coordinator, subscription, events, subscribed, gateways)), GatewaySenders.NewName("events"));
        if (await Task.WhenAny(subscribed.Task, Task.Delay(timeout)) != subscribed.Task)
        {
            relay.Tell(PoisonPill.Instance);
            throw new TimeoutException("the sweep coordinator did not confirm the event subscription");
        }
        return (relay, await subscribed.Task);
    }
}
