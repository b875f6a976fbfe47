using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>A raw payload to send under a chosen Akka serializer id and manifest, as a hostile peer would.</summary>
public abstract record RawPayload(string Manifest, byte[] Bytes);

public sealed record JsonPayload(string Manifest, byte[] Bytes) : RawPayload(Manifest, Bytes);
public sealed record ProtobufPayload(string Manifest, byte[] Bytes) : RawPayload(Manifest, Bytes);
public sealed record MiscPayload(string Manifest, byte[] Bytes) : RawPayload(Manifest, Bytes);
public sealed record SystemMessagePayload(string Manifest, byte[] Bytes) : RawPayload(Manifest, Bytes);

/// <summary>Writes <see cref="RawPayload"/>s under a fixed serializer id, whatever the receiver makes of them.</summary>
public abstract class RawSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override string Manifest(object o) => ((RawPayload)o).Manifest;
    public override byte[] ToBinary(object obj) => ((RawPayload)obj).Bytes;
    public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException("the attacker only sends");
}

public sealed class RawJson(ExtendedActorSystem s) : RawSerializer(s) { public override int Identifier => 1; }
public sealed class RawProtobuf(ExtendedActorSystem s) : RawSerializer(s) { public override int Identifier => 2; }
public sealed class RawMisc(ExtendedActorSystem s) : RawSerializer(s) { public override int Identifier => 16; }
public sealed class RawSystemMessage(ExtendedActorSystem s) : RawSerializer(s) { public override int Identifier => 22; }

/// <summary>
/// A plain Akka remoting client that never joins the cluster: it speaks Crossfold's protocol (its
/// MessagePack serializer) and can send raw payloads under Akka's built-in serializer ids. It is
/// named "crossfold" like every node, so it can address their actors. Optionally over TLS with a
/// certificate of its choosing.
/// </summary>
public sealed class RemotingAttacker : IAsyncDisposable
{
    RemotingAttacker(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public static RemotingAttacker Start(TlsOptions? tls = null)
    {
        string ssl = tls is null ? "" : $$"""
            akka.remote.dot-netty.tcp.enable-ssl = true
            akka.remote.dot-netty.tcp.ssl {
              suppress-validation = true
              certificate { path = "{{tls.CertificatePath}}", password = "{{tls.CertificatePassword ?? ""}}" }
            }
            """;
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{TestPorts.Free()}} }
            akka.loglevel = ERROR
            akka.log-dead-letters = off
            akka.actor.serializers {
              crossfold = "{{typeof(MessagePackAkkaSerializer).AssemblyQualifiedName}}"
              raw-json = "{{typeof(RawJson).AssemblyQualifiedName}}"
              raw-proto = "{{typeof(RawProtobuf).AssemblyQualifiedName}}"
              raw-misc = "{{typeof(RawMisc).AssemblyQualifiedName}}"
              raw-sys = "{{typeof(RawSystemMessage).AssemblyQualifiedName}}"
            }
            akka.actor.serialization-bindings {
              "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = crossfold
              "{{typeof(JsonPayload).AssemblyQualifiedName}}" = raw-json
              "{{typeof(ProtobufPayload).AssemblyQualifiedName}}" = raw-proto
              "{{typeof(MiscPayload).AssemblyQualifiedName}}" = raw-misc
              "{{typeof(SystemMessagePayload).AssemblyQualifiedName}}" = raw-sys
            }
            {{ssl}}
            """);
        return new RemotingAttacker(ActorSystem.Create(ClusterNodeOptions.SystemName, config));
    }

    /// <summary>The sweep coordinator singleton on the coordinator node at 127.0.0.1:<paramref name="port"/>.</summary>
    public ActorSelection Coordinator(int port, bool tls = false) =>
        System.ActorSelection($"{Scheme(tls)}://crossfold@127.0.0.1:{port}/user/{ClusterRoles.SingletonName}/{ClusterRoles.SingletonName}");

    /// <summary>A worker slot actor on the worker node at <paramref name="node"/> (host:port).</summary>
    public ActorSelection Slot(string node, int index = 0) => System.ActorSelection($"akka.tcp://crossfold@{node}/user/slot-{index}");

    /// <summary>A reference that claims to live on the node at 127.0.0.1:<paramref name="port"/>: a sender a careless receiver takes for its own.</summary>
    public IActorRef Impostor(int port, string path) =>
        ((ExtendedActorSystem)System).Provider.ResolveActorRef($"akka.tcp://crossfold@127.0.0.1:{port}{path}");

    /// <summary>Asks and returns the answer, or null when none comes within <paramref name="wait"/>.</summary>
    public static async Task<object?> TryAsk(ActorSelection target, object message, TimeSpan wait)
    {
        try
        {
            return await target.Ask<object>(message, wait);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    static string Scheme(bool tls) => tls ? "akka.ssl.tcp" : "akka.tcp";

    public async ValueTask DisposeAsync() => await System.Terminate();
}
