using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Security;

/// <summary>Who is expected to send a message to the sweep coordinator.</summary>
public enum ExpectedSender
{
    /// <summary>Sweep control and queries: the HTTP gateway of a coordinator node (or `crossfold run`).</summary>
    Gateway,

    /// <summary>Work pulling and results: a worker slot on a worker node.</summary>
    WorkerSlot,
}

/// <summary>What is known about the sender of one message.</summary>
/// <param name="InCluster">The coordinator runs in a cluster (false in `crossfold run`, where nothing comes from the network).</param>
/// <param name="Local">The sender's address is this node's own.</param>
/// <param name="RegisteredGateway">The sender is one of this node's gateway actors (see <see cref="GatewaySenders"/>).</param>
/// <param name="Roles">The roles of the member node the sender's address belongs to; null when it is no member.</param>
public sealed record SenderFacts(bool InCluster, bool Local, bool RegisteredGateway, IReadOnlySet<string>? Roles);

/// <summary>
/// The sweep coordinator's admission rules, as a pure function: control messages only from the HTTP
/// gateway (this node's registered gateway actors, or another coordinator node), worker messages only
/// from worker nodes. A process that merely reached the remoting port is no member and is refused.
/// </summary>
public static class SenderRules
{
    /// <summary>The sender a message must come from, or null for messages that are not part of the protocol with the coordinator.</summary>
    public static ExpectedSender? Expected(object message) => message switch
    {
        SubmitSweep or CancelSweep or GetSweepResults or GetModel or GetSweepStatus or ListSweeps or GetCluster
            or SubscribeToSweeps or UnsubscribeFromSweeps => ExpectedSender.Gateway,
        WorkRequested or JobHeartbeat or EpochReported or FoldReported or JobFailureReported or JobHandedBack => ExpectedSender.WorkerSlot,
        _ => null,
    };

    /// <summary>Why a message from this sender is refused, or null when it is accepted.</summary>
    public static string? Refusal(ExpectedSender expected, SenderFacts sender)
    {
        if (!sender.InCluster) return null; // `crossfold run`: one process, no remoting
        return expected switch
        {
            ExpectedSender.Gateway when sender.Local => sender.RegisteredGateway ? null : "a local actor that is not this node's HTTP gateway",
            ExpectedSender.Gateway => sender.Roles is null ? "not a cluster member"
                : sender.Roles.Contains(ClusterRoles.Coordinator) ? null : "a member without the coordinator role",
            ExpectedSender.WorkerSlot when sender.Local => "a local actor (coordinator nodes host no worker slots)",
            ExpectedSender.WorkerSlot => sender.Roles is null ? "not a cluster member"
                : sender.Roles.Contains(ClusterRoles.Worker) ? null : "a member without the worker role",
            _ => "an unexpected sender",
        };
    }
}
