namespace Crossfold.Protocol.Messages;

/// <summary>
/// Marks every message that may cross the wire between Crossfold nodes. Akka binds this interface to
/// the MessagePack serializer, so no protocol message can fall back to a default serializer.
/// </summary>
public interface IProtocolMessage;
