using Akka.Actor;
using Akka.Cluster;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// Who a sender is, from the cluster's point of view: the roles of the member node its address
/// belongs to, if any. Only addresses of current members count (joining to exiting); a process that
/// merely reached the remoting port is no member.
/// </summary>
public static class ClusterMembers
{
    /// <summary>The roles of the member at <paramref name="address"/> (this node when the address is local), or null when no member is there.</summary>
    public static IReadOnlySet<string>? RolesAt(Akka.Cluster.Cluster cluster, Address address)
    {
        var at = address.HasLocalScope ? cluster.SelfAddress : address;
        foreach (var member in cluster.State.Members)
            if (member.Address.Equals(at) && member.Status is not (MemberStatus.Down or MemberStatus.Removed))
                return member.Roles;
        return null;
    }

    /// <summary>True when <paramref name="address"/> is a member node with <paramref name="role"/>.</summary>
    public static bool HasRole(Akka.Cluster.Cluster cluster, Address address, string role) =>
        RolesAt(cluster, address) is { } roles && roles.Contains(role);
}

/// <summary>
/// Recognises the sweep coordinator singleton as a sender: the one actor whose word workers and the
/// HTTP gateway accept (job assignments, cancellations, answers, events).
/// </summary>
public static class CoordinatorSingleton
{
    /// <summary>True for the path /user/sweep-coordinator/sweep-coordinator (Akka.Hosting names the singleton after its manager), on any node.</summary>
    public static bool IsSingletonPath(ActorPath path) =>
        path.Elements is [ "user", ClusterRoles.SingletonName, ClusterRoles.SingletonName ];

    /// <summary>
    /// In a cluster: the sender is the singleton and runs on a coordinator node. Without remoting
    /// (`crossfold run`): the sender is the given coordinator actor.
    /// </summary>
    public static Func<IActorRef, bool> Recognizer(ActorSystem system, IActorRef localCoordinator)
    {
        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider)
            return sender => sender.Equals(localCoordinator);
        var cluster = Akka.Cluster.Cluster.Get(system);
        return sender => IsSingletonPath(sender.Path) && ClusterMembers.HasRole(cluster, sender.Path.Address, ClusterRoles.Coordinator);
    }
}
