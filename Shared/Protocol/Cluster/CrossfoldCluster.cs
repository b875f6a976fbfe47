using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// The cluster settings every Crossfold node shares, in one place: remoting (loopback unless told
/// otherwise; mutual TLS with the cluster CA off loopback), the MessagePack serializer bound to every
/// protocol message (and to anything else, which it refuses), guards in place of Akka's unsafe
/// serializers, cluster roles and seeds, and the split brain resolver.
/// </summary>
public static class CrossfoldCluster
{
    /// <summary>
    /// Keep-oldest, decided by the oldest coordinator node, never downing itself when alone: when the
    /// network splits, the side with the coordinator keeps running the sweep and the workers it cannot
    /// see are downed (their jobs go back to the queue). A majority rule would let a crowd of workers
    /// without a coordinator "win" and stop everything.
    /// </summary>
    public static readonly KeepOldestOption SplitBrainResolver = new() { DownIfAlone = false, Role = ClusterRoles.Coordinator };

    /// <summary>
    /// Akka.NET settings that keep normal events out of the warnings: a singleton proxy that has not found the
    /// coordinator yet (it takes a few seconds after a node starts, or while the singleton moves) waits a minute
    /// before it warns, messages to actors that stopped during a shutdown are not logged, and the console logger
    /// Akka.NET falls back on while the node starts and stops (after the host's loggers are gone) reports errors only.
    /// </summary>
    public const string QuietHocon = """
        akka.stdout-loglevel = ERROR
        akka.cluster.singleton-proxy.singleton-identification-failure-period = 60s
        akka.log-dead-letters-during-shutdown = off
        akka.log-dead-letters = 3
        """;

    /// <summary>Configures remoting, serialization and clustering for a node with <paramref name="role"/>.</summary>
    public static AkkaConfigurationBuilder WithCrossfoldCluster(this AkkaConfigurationBuilder akka, ClusterNodeOptions options, string role,
        TimeSpan? downUnreachableAfter = null)
    {
        var remote = new RemoteOptions
        {
            HostName = options.Hostname,
            Port = options.Port,
            PublicHostName = string.IsNullOrWhiteSpace(options.PublicHostname) ? null : options.PublicHostname,
            MaxFrameSize = 32 * 1024 * 1024, // a sweep's results, or a final model's weights, travel as one message
        };
        options.CheckSecurity();
        if (options.Tls is { } tls)
        {
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                X509Certificate = ClusterTls.NodeCertificate(tls),
                SuppressValidation = false,
                RequireMutualAuthentication = true,
                ValidateCertificateHostname = false,
                CustomValidator = ClusterTls.Validator(tls),
            };
        }
        return akka
            .WithRemoting(remote)
            // Everything that crosses the wire is a Crossfold protocol message or one of Akka's own
            // cluster messages: no object falls back to a serializer that honours type names.
            .WithCustomSerializer(MessagePackAkkaSerializer.Name, new[] { typeof(IProtocolMessage) }, system => new MessagePackAkkaSerializer(system))
            .AddHocon(AkkaSerializerGuards.Hocon, HoconAddMode.Prepend)
            .WithClustering(new ClusterOptions
            {
                Roles = new[] { role, ProtocolVersion.Role },
                SeedNodes = options.Seeds.Select(seed => ClusterNodeOptions.SeedAddress(seed, options.Tls is not null)).ToArray(),
                SplitBrainResolver = SplitBrainResolver,
            })
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)(downUnreachableAfter ?? TimeSpan.FromSeconds(15)).TotalMilliseconds}ms",
                HoconAddMode.Prepend);
    }
}
