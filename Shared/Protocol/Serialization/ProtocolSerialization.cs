using MessagePack.Resolvers;
using MessagePack;

namespace Crossfold.Protocol.Serialization;

/// <summary>The one MessagePack configuration Crossfold uses, on the wire and in its database.</summary>
public static class ProtocolSerialization
{
    /// <summary>Explicit-key contracts only (no typeless resolver), hardened for untrusted input.</summary>
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    public static T Deserialize<T>(byte[] bytes) => MessagePackSerializer.Deserialize<T>(bytes, Options);
}
