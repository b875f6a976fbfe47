using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using System.Text.RegularExpressions;
using Akka.Remote.Hosting;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.CommandLine;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Microsoft.Extensions.Logging;

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
    /// Akka.NET settings that keep normal events out of the warnings: the singleton proxy's "failed to find" warning
    /// is off because Akka.NET 1.5.73 arms its timer with no initial delay, so every node warned at start-up while the
    /// singleton was still being identified (a coordinator that never appears shows as no slots in /api/cluster and
    /// jobs that stay queued, and the worker logs when it leaves); messages to actors that stopped during a shutdown
    /// are not logged; and the console logger Akka.NET falls back on while the node starts and stops (after the
    /// host's loggers are gone) reports errors only.
    /// </summary>
    public const string QuietHocon = """
        akka.stdout-loglevel = ERROR
        akka.cluster.singleton-proxy.log-singleton-identification-failure = off
        akka.log-dead-letters-during-shutdown = off
        akka.log-dead-letters = 3
        """;

    /// <summary>
    /// The transport's echo of a peer that closed its connection: when a node leaves cleanly one side may close the
    /// socket before the other has read its goodbye, and Akka.NET then logs warnings and an error although nothing
    /// failed ("Disassociated", "address is now gated", "Unable to REMOVE channel"). Real failures still show: the
    /// cluster marks the node unreachable (a warning) and the coordinator logs the worker it lost; failed connection
    /// attempts ("Tried to associate ...") are not matched.
    /// </summary>
    public static readonly Regex DisassociationEcho = new(
        @"Association with remote system \S+ has failed; address is now gated for \d+ ms\. Reason is: \[Akka\.Remote\.EndpointDisassociatedException"
        + @"|\] Disassociated\s+Cause: Akka\.Remote\.EndpointDisassociatedException"
        + @"|\] Unable to REMOVE channel .+ from connection group\. May not shut down cleanly\.",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>
    /// Sends Akka.NET's log through the host's loggers (<paramref name="host"/>, less the noise above, see
    /// <see cref="QuietLoggerFactory"/>) at <paramref name="logs"/>' level.
    /// </summary>
    public static AkkaConfigurationBuilder WithCrossfoldLogging(this AkkaConfigurationBuilder akka, LogOptions logs, ILoggerFactory host) =>
        akka.ConfigureLoggers(l => l.AddLoggerFactory(new QuietLoggerFactory(host)))
            .AddHocon($"akka.loglevel = {logs.AkkaLevel}", HoconAddMode.Prepend)
            .AddHocon(QuietHocon, HoconAddMode.Prepend);

    /// <summary>Configures remoting, serialization and clustering for a node with <paramref name="role"/>.</summary>
    public static AkkaConfigurationBuilder WithCrossfoldCluster(this AkkaConfigurationBuilder akka, ClusterNodeOptions options, string role,
        TimeSpan? downUnreachableAfter = null)
    {
        var remote = new RemoteOptions
        {
            HostName = options.Hostname,
            Port = options.Port,
            PublicHostName = string.IsNullOrWhiteSpace(options.PublicHostname) ? null : options.PublicHostname,
            PublicPort = options.PublicPort,
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
