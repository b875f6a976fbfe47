using System.Collections.Frozen;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Protocol.Serialization;

/// <summary>
/// The closed set of message types that may cross the wire, each with its stable manifest (the type's
/// name). Anything arriving with another manifest is refused: nothing is instantiated by a name the
/// sender chose.
/// </summary>
public static class ProtocolTypes
{
    /// <summary>Every concrete <see cref="IProtocolMessage"/> in Crossfold.Protocol, by manifest.</summary>
    public static readonly FrozenDictionary<string, Type> ByManifest = typeof(IProtocolMessage).Assembly.GetTypes()
        .Where(t => typeof(IProtocolMessage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The manifest of a protocol type.</summary>
    public static string ManifestOf(Type type) =>
        ByManifest.ContainsKey(type.Name) && ByManifest[type.Name] == type
            ? type.Name
            : throw new ArgumentException($"{type.FullName} is not a Crossfold protocol message");
}
