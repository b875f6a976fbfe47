using Akka.Actor;
using Akka.Hosting;
using Crossfold.Shared.Cluster;
using Crossfold.Shared.Protocol;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// The HTTP side's handle on the sweep coordinator singleton, wherever in the cluster it runs: asks
/// through the singleton proxy with a timeout, so a coordinator that is moving answers 503, not a hang.
/// </summary>
public sealed class CoordinatorGateway(IRequiredActor<SweepCoordinatorProxy> proxy, ActorSystem system)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public ActorSystem System => system;

    public IActorRef Proxy => proxy.ActorRef;

    /// <summary>The coordinator's answer, or null when it did not answer in time.</summary>
    public async Task<IProtocolMessage?> Ask(IProtocolMessage question, TimeSpan? timeout = null)
    {
        try
        {
            return await Proxy.Ask<IProtocolMessage>(question, timeout ?? Timeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
