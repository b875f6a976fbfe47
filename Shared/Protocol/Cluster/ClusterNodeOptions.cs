using System.Net;
using Crossfold.Core;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// How a Crossfold node joins the cluster: where it listens, the address others reach it at, the
/// seed nodes (the coordinator's address) it contacts first, and how the cluster is secured.
/// </summary>
/// <param name="Hostname">Interface to listen on; loopback by default, "0.0.0.0" for all.</param>
/// <param name="Port">Akka remoting port; 0 picks a free one (fine for workers).</param>
/// <param name="PublicHostname">Name or address other machines use to reach this node (behind NAT or in a container); defaults to <paramref name="Hostname"/>.</param>
/// <param name="Seeds">Seed nodes as host:port (or full akka.tcp:// addresses).</param>
/// <param name="Tls">Mutual TLS with the cluster's CA, or null for plain TCP.</param>
/// <param name="Insecure">Plain TCP on an interface other machines can reach, accepted because the operator said so.</param>
/// <param name="PublicPort">Port other machines use to reach this node when it differs from <paramref name="Port"/> (NAT or a container
/// publishing another port, a TCP proxy); null: the bound port.</param>
public sealed record ClusterNodeOptions(
    string Hostname,
    int Port,
    string? PublicHostname,
    IReadOnlyList<string> Seeds,
    TlsOptions? Tls = null,
    bool Insecure = false,
    int? PublicPort = null)
{
    /// <summary>The actor system name every node must share.</summary>
    public const string SystemName = "crossfold";

    /// <summary>The default remoting port of a coordinator.</summary>
    public const int DefaultCoordinatorPort = 4053;

    /// <summary>Remoting listens on loopback unless told otherwise: a cluster reachable from other machines is a decision.</summary>
    public const string DefaultHostname = "127.0.0.1";

    /// <summary>True when only processes on this machine can reach the remoting port.</summary>
    public bool ListensOnLoopback => IsLoopback(Hostname);

    /// <summary>"localhost" or a loopback IP address.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    /// <summary>
    /// Refuses plain TCP on an interface other machines can reach, unless the operator passed
    /// --insecure-cluster: without TLS, anyone who reaches the port can join the cluster, submit
    /// sweeps and forge results.
    /// </summary>
    public void CheckSecurity()
    {
        if (Tls is null && !ListensOnLoopback && !Insecure)
            throw new InputException(
                $"--hostname {Hostname} lets other machines reach the cluster port, and without TLS anyone who can reach it can join the cluster, " +
                "submit sweeps and forge results. Give every node a certificate from the cluster's CA (`crossfold certs init`, then " +
                "`crossfold certs issue NAME`, then --tls-certificate NAME.pfx --tls-ca ca.crt), or pass --insecure-cluster to run without");
    }

    /// <summary>What the node says about its cluster security when it starts, or null when there is nothing to warn about.</summary>
    public string? SecurityWarning => Tls is null && !ListensOnLoopback && Insecure
        ? $"INSECURE CLUSTER (--insecure-cluster): Akka remoting on {Hostname}:{Port} uses plain TCP without authentication; " +
          "anyone who can reach this port can join the cluster, submit or cancel sweeps, read results and forge fold results"
        : null;

    /// <summary>The name a node advertises: the public host name when given, else the bind address, else (bound to every interface) the machine's host name.</summary>
    public static string Advertised(string hostname, string? publicHostname) =>
        !string.IsNullOrWhiteSpace(publicHostname) ? publicHostname : hostname == "0.0.0.0" ? Dns.GetHostName() : hostname;

    /// <summary>The port this node advertises: the public port when given, else the bound one.</summary>
    public int AdvertisedPort => PublicPort ?? Port;

    /// <summary>
    /// A --public-port value, checked: null when not given, else a TCP port number, and only with a fixed bound
    /// <paramref name="port"/>, since whatever forwards the public port (NAT, a container, a proxy) must know where to.
    /// </summary>
    public static int? CheckedPublicPort(int? publicPort, int port)
    {
        if (publicPort is null) return null;
        if (publicPort is < 1 or > 65535) throw new InputException($"--public-port {publicPort}: expected a TCP port number from 1 to 65535");
        if (port == 0) throw new InputException($"--public-port {publicPort} needs a fixed --port: whatever forwards the public port must know where to");
        return publicPort;
    }

    /// <summary>"akka.tcp://crossfold@host:port" (akka.ssl.tcp with TLS) for a seed written as host:port.</summary>
    public static string SeedAddress(string seed, bool tls)
    {
        if (seed.Contains("://", StringComparison.Ordinal)) return seed;
        string hostPort = seed.Contains(':') ? seed : $"{seed}:{DefaultCoordinatorPort}";
        return $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{hostPort}";
    }
}

/// <summary>
/// Mutual TLS for Akka remoting: this node's certificate (PKCS#12 with its key) and the cluster CA
/// (PEM) every peer's certificate must chain to.
/// </summary>
public sealed record TlsOptions(string CertificatePath, string? CertificatePassword, string CaPath);
