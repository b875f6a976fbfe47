using Akka.Actor;
using Akka.Cluster;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Worker.Hosting;

/// <summary>
/// Watches the cluster this worker joined for coordinator nodes that speak another protocol version,
/// and reports the first one: the worker then stops with that message instead of retrying forever.
/// </summary>
public sealed class ProtocolGuard : ReceiveActor
{
    public static Props Props(TaskCompletionSource<string> mismatch) => Akka.Actor.Props.Create(() => new ProtocolGuard(mismatch));

    public ProtocolGuard(TaskCompletionSource<string> mismatch)
    {
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e.Member.HasRole(ClusterRoles.Coordinator) && ProtocolVersion.Mismatch($"the coordinator at {e.Member.Address}", e.Member.Roles) is string problem)
                mismatch.TrySetResult(problem);
        });
    }

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
}
