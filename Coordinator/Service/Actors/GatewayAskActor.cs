using Akka.Actor;
using Crossfold.Coordinator.Security;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Actors;

/// <summary>
/// One question from the HTTP gateway to the sweep coordinator: registered as a gateway sender for
/// its short life (so the coordinator accepts the question), and it takes its answer only from the
/// coordinator singleton. Akka's built-in ask would send from a temporary actor with a guessable name.
/// </summary>
public sealed class GatewayAskActor : ReceiveActor
{
    readonly GatewaySenders _gateways;

    public static Props Props(IActorRef coordinator, IProtocolMessage question, TaskCompletionSource<IProtocolMessage> answer, GatewaySenders gateways) =>
        Akka.Actor.Props.Create(() => new GatewayAskActor(coordinator, question, answer, gateways));

    public GatewayAskActor(IActorRef coordinator, IProtocolMessage question, TaskCompletionSource<IProtocolMessage> answer, GatewaySenders gateways)
    {
        _gateways = gateways;
        gateways.Add(Self);
        var fromCoordinator = CoordinatorSingleton.Recognizer(Context.System, coordinator);
        Receive<IProtocolMessage>(reply =>
        {
            if (!fromCoordinator(Sender)) return; // an answer only the coordinator may give
            answer.TrySetResult(reply);
            Context.Stop(Self);
        });
        coordinator.Tell(question, Self);
    }

    protected override void PostStop() => _gateways.Remove(Self);
}
