using Akka.Actor;
using Akka.Hosting;
using Crossfold.Coordinator.Actors;
using Crossfold.Coordinator.Security;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// The HTTP side's handle on the sweep coordinator singleton, wherever in the cluster it runs: asks
/// through the singleton proxy with a timeout, so a coordinator that is moving answers 503, not a hang.
/// Questions go out from registered gateway actors (<see cref="GatewaySenders"/>), the only local
/// senders the coordinator takes control messages from.
/// </summary>
public sealed class CoordinatorGateway(IRequiredActor<SweepCoordinatorProxy> proxy, ActorSystem system, GatewaySenders gateways)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public ActorSystem System => system;

    public IActorRef Proxy => proxy.ActorRef;

    public GatewaySenders Senders => gateways;

    /// <summary>The coordinator's answer, or null when it did not answer in time.</summary>
    public async Task<IProtocolMessage?> Ask(IProtocolMessage question, TimeSpan? timeout = null)
    {
        var answer = new TaskCompletionSource<IProtocolMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asker = system.ActorOf(GatewayAskActor.Props(Proxy, question, answer, gateways), GatewaySenders.NewName("ask"));
        try
        {
            return await answer.Task.WaitAsync(timeout ?? Timeout);
        }
        catch (TimeoutException)
        {
            asker.Tell(PoisonPill.Instance);
            return null;
        }
    }
}
