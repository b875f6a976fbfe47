using Akka.Actor;
using Akka.Serialization;
using MessagePack;
using SerializationException = System.Runtime.Serialization.SerializationException;

namespace Crossfold.Protocol.Serialization;

/// <summary>
/// Akka.NET serializer for every Crossfold protocol message: MessagePack with explicit keys, the
/// message's type carried as a string manifest from <see cref="ProtocolTypes"/>. Untrusted-data
/// security is on, since any node can reach this port.
/// </summary>
public sealed class MessagePackAkkaSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka serializer ids below 100 are reserved by Akka; this one is Crossfold's.</summary>
    public const int Id = 7301;

    /// <summary>The name bindings use in configuration.</summary>
    public const string Name = "crossfold-messagepack";

    static MessagePackSerializerOptions Options => ProtocolSerialization.Options;

    public override int Identifier => Id;

    public override string Manifest(object o) => ProtocolTypes.ManifestOf(o.GetType());

    /// <summary>Serializes a protocol message; anything else (it is also bound to System.Object) is refused rather than sent some other way.</summary>
    public override byte[] ToBinary(object obj)
    {
        ProtocolTypes.ManifestOf(obj.GetType());
        return MessagePackSerializer.Serialize(obj.GetType(), obj, Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ProtocolTypes.ByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"Crossfold: refusing a message with unknown manifest '{manifest}'");
        try
        {
            return MessagePackSerializer.Deserialize(type, bytes, Options)
                ?? throw new SerializationException($"Crossfold: empty {manifest} payload");
        }
        catch (MessagePackSerializationException e)
        {
            throw new SerializationException($"Crossfold: malformed {manifest} payload ({bytes.Length} bytes): {e.Message}", e);
        }
    }
}
