namespace Crossfold.Protocol.Cluster;

/// <summary>The roles of Crossfold nodes and the names that must be the same on every node.</summary>
public static class ClusterRoles
{
    /// <summary>Nodes that may host the sweep coordinator singleton (and serve the HTTP API).</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Nodes that train.</summary>
    public const string Worker = "worker";

    /// <summary>The singleton's name: managers and proxies on every node find each other by it.</summary>
    public const string SingletonName = "sweep-coordinator";
}

/// <summary>Actor-registry key of the proxy to the sweep coordinator singleton.</summary>
public sealed class SweepCoordinatorProxy;
