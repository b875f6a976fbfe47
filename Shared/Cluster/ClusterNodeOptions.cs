namespace Crossfold.Shared.Cluster;

/// <summary>
/// How a Crossfold node joins the cluster: where it listens, the address others reach it at, and the
/// seed nodes (the coordinator's address) it contacts first.
/// </summary>
/// <param name="Hostname">Interface to listen on ("0.0.0.0" for all).</param>
/// <param name="Port">Akka remoting port; 0 picks a free one (fine for workers).</param>
/// <param name="PublicHostname">Name or address other machines use to reach this node (behind NAT or in a container); defaults to <paramref name="Hostname"/>.</param>
/// <param name="Seeds">Seed nodes as host:port (or full akka.tcp:// addresses).</param>
/// <param name="Tls">TLS for remoting, or null for plain TCP.</param>
public sealed record ClusterNodeOptions(
    string Hostname,
    int Port,
    string? PublicHostname,
    IReadOnlyList<string> Seeds,
    TlsOptions? Tls = null)
{
    /// <summary>The actor system name every node must share.</summary>
    public const string SystemName = "crossfold";

    /// <summary>The default remoting port of a coordinator.</summary>
    public const int DefaultCoordinatorPort = 4053;

    /// <summary>The name a node advertises: the public host name when given, else the bind address, else (bound to every interface) the machine's host name.</summary>
    public static string Advertised(string hostname, string? publicHostname) =>
        !string.IsNullOrWhiteSpace(publicHostname) ? publicHostname : hostname == "0.0.0.0" ? System.Net.Dns.GetHostName() : hostname;

    /// <summary>"akka.tcp://crossfold@host:port" (akka.ssl.tcp with TLS) for a seed written as host:port.</summary>
    public static string SeedAddress(string seed, bool tls)
    {
        if (seed.Contains("://", StringComparison.Ordinal)) return seed;
        string hostPort = seed.Contains(':') ? seed : $"{seed}:{DefaultCoordinatorPort}";
        return $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{hostPort}";
    }
}

/// <summary>TLS for Akka remoting: the node's certificate (PKCS#12) and whether peers' certificates are checked.</summary>
public sealed record TlsOptions(string CertificatePath, string? CertificatePassword, bool ValidatePeers);
