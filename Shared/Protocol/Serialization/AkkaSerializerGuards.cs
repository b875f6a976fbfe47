using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Serialization;
using Akka.Serialization;
using Akka.Util;
using SerializationException = System.Runtime.Serialization.SerializationException;

namespace Crossfold.Protocol.Serialization;

/// <summary>
/// Replacements for Akka's built-in serializers that would build an object of a type the sender
/// names: the JSON serializer (`$type`), the raw protobuf serializer (any type with a parameterless
/// constructor), remote deployment, and the exception payloads of `Status.Failure` and supervision
/// system messages. Each keeps its Akka serializer id, so whatever arrives under that id meets the
/// guard instead; guards take string manifests, so Akka never resolves a sender's type name either.
/// What Crossfold's cluster really uses (identify, heartbeats, watch, death watch notifications)
/// still passes.
/// </summary>
public static class AkkaSerializerGuards
{
    /// <summary>Akka configuration that puts the guards in place of the unsafe serializers (by the names Akka registers them under).</summary>
    public static string Hocon => $$"""
        akka.actor.serializers {
          json = "{{Qualified<RefusedJson>()}}"
          proto = "{{Qualified<RefusedProtobuf>()}}"
          daemon-create = "{{Qualified<RefusedRemoteDeployment>()}}"
          reliable-delivery = "{{Qualified<RefusedReliableDelivery>()}}"
          akka-misc = "{{Qualified<GuardedMiscMessages>()}}"
          akka-system-msg = "{{Qualified<GuardedSystemMessages>()}}"
        }
        # Nothing falls back to JSON: an object that is no protocol message meets MessagePack, which refuses it.
        akka.actor.serialization-bindings { "System.Object" = {{MessagePackAkkaSerializer.Name}} }
        """;

    static string Qualified<T>() => typeof(T).TypeQualifiedName();

    /// <summary>The serializer ids the guards take over.</summary>
    public static readonly IReadOnlySet<int> GuardedIds = new HashSet<int> { 1, 2, 3, 16, 22, 36 };

    /// <summary>A serializer that refuses everything: nothing Crossfold sends uses it, so whatever arrives under its id is hostile or broken.</summary>
    public abstract class Refused(ExtendedActorSystem system, string what) : SerializerWithStringManifest(system)
    {
        public override byte[] ToBinary(object obj) =>
            throw new SerializationException($"Crossfold: refusing to send {obj.GetType().FullName} with {what}; cluster messages must be Crossfold protocol messages");

        public override string Manifest(object o) => "";

        public override object FromBinary(byte[] bytes, string manifest) =>
            throw new SerializationException($"Crossfold: refused a message for {what} (serializer {Identifier}, manifest '{Truncate(manifest)}'): this cluster does not accept it");
    }

    /// <summary>Akka's Newtonsoft JSON serializer (id 1) honours `$type`: the classic road to remote code execution.</summary>
    public sealed class RefusedJson(ExtendedActorSystem system) : Refused(system, "Akka's JSON serializer")
    {
        /// <summary>Akka passes the serializer\'s settings section when one exists (json has one); the guard needs none.</summary>
        public RefusedJson(ExtendedActorSystem system, Config settings) : this(system) { }

        public override int Identifier => 1;
    }

    /// <summary>Akka's protobuf serializer (id 2) instantiates whatever type the manifest names.</summary>
    public sealed class RefusedProtobuf(ExtendedActorSystem system) : Refused(system, "Akka's raw protobuf serializer")
    {
        /// <summary>Akka passes the serializer\'s settings section when one exists (json has one); the guard needs none.</summary>
        public RefusedProtobuf(ExtendedActorSystem system, Config settings) : this(system) { }

        public override int Identifier => 2;
    }

    /// <summary>Remote deployment (id 3) creates actors of a type the sender names; Crossfold never deploys remotely.</summary>
    public sealed class RefusedRemoteDeployment(ExtendedActorSystem system) : Refused(system, "remote deployment")
    {
        /// <summary>Akka passes the serializer\'s settings section when one exists (json has one); the guard needs none.</summary>
        public RefusedRemoteDeployment(ExtendedActorSystem system, Config settings) : this(system) { }

        public override int Identifier => 3;
    }

    /// <summary>Reliable delivery (id 36) resolves type names from the wire; Crossfold does not use it.</summary>
    public sealed class RefusedReliableDelivery(ExtendedActorSystem system) : Refused(system, "reliable delivery")
    {
        /// <summary>Akka passes the serializer\'s settings section when one exists (json has one); the guard needs none.</summary>
        public RefusedReliableDelivery(ExtendedActorSystem system, Config settings) : this(system) { }

        public override int Identifier => 36;
    }

    /// <summary>
    /// Akka's miscellaneous messages (id 16) minus those that carry exceptions (built from a type name
    /// on the wire) or only serve remote deployment and routers.
    /// </summary>
    public sealed class GuardedMiscMessages(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        /// <summary>Akka passes the serializer\'s settings section when one exists (json has one); the guard needs none.</summary>
        public GuardedMiscMessages(ExtendedActorSystem system, Config settings) : this(system) { }

        // Identify/ActorIdentity (singleton proxies find the singleton), actor refs, PoisonPill/Kill
        // and remote watcher heartbeats, Status.Success and the scopes.
        static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "ID", "AID", "AR", "PP", "K", "RWHB", "RWHR", "STS", "LS", "RS" };
        readonly MiscMessageSerializer _inner = new(system);

        public override int Identifier => _inner.Identifier;
        public override byte[] ToBinary(object obj) => _inner.ToBinary(obj);
        public override string Manifest(object o) => _inner.Manifest(o);

        public override object FromBinary(byte[] bytes, string manifest) => Allowed.Contains(manifest)
            ? _inner.FromBinary(bytes, manifest)
            : throw new SerializationException($"Crossfold: refused an Akka message with manifest '{Truncate(manifest)}' (exceptions, routers and remote deployment do not cross this cluster's wire)");
    }

    /// <summary>
    /// Akka's system messages (id 22) limited to death watch. The others (create, recreate, resume,
    /// failed, supervise, suspend, terminate) serve remote deployment and supervision across nodes,
    /// which Crossfold does not use; several of them carry exceptions built from a type name.
    /// </summary>
    public sealed class GuardedSystemMessages(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        /// <summary>Akka passes the serializer\'s settings section when one exists (json has one); the guard needs none.</summary>
        public GuardedSystemMessages(ExtendedActorSystem system, Config settings) : this(system) { }

        static readonly Dictionary<string, Type> Allowed = new[]
        {
            typeof(Akka.Dispatch.SysMsg.Watch), typeof(Akka.Dispatch.SysMsg.Unwatch), typeof(Akka.Dispatch.SysMsg.DeathWatchNotification),
        }.ToDictionary(t => t.TypeQualifiedName(), StringComparer.Ordinal);

        readonly SystemMessageSerializer _inner = new(system);

        public override int Identifier => _inner.Identifier;
        public override byte[] ToBinary(object obj) => _inner.ToBinary(obj);
        public override string Manifest(object o) => o.GetType().TypeQualifiedName();

        public override object FromBinary(byte[] bytes, string manifest) => Allowed.TryGetValue(manifest, out var type)
            ? _inner.FromBinary(bytes, type)
            : throw new SerializationException($"Crossfold: refused an Akka system message '{Truncate(manifest)}' (only death watch crosses this cluster's wire)");
    }

    static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
