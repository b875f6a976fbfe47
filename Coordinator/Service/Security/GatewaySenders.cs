using System.Collections.Concurrent;
using Akka.Actor;

namespace Crossfold.Coordinator.Security;

/// <summary>
/// The actors through which this node's HTTP gateway talks to the sweep coordinator. Each has a
/// random name and registers here for its short life, so the coordinator can tell them from a local
/// path a remote peer merely claims as its sender (Akka resolves such a claim to a local reference).
/// </summary>
public sealed class GatewaySenders
{
    readonly ConcurrentDictionary<IActorRef, byte> _senders = new();

    public void Add(IActorRef sender) => _senders[sender] = 0;

    public void Remove(IActorRef sender) => _senders.TryRemove(sender, out _);

    public bool Contains(IActorRef sender) => _senders.ContainsKey(sender);

    /// <summary>A name no peer can guess, for a gateway actor.</summary>
    public static string NewName(string purpose) => $"{purpose}-{Guid.NewGuid():N}";
}
