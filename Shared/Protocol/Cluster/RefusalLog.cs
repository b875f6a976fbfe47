using Akka.Actor;
using Akka.Event;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// Logs refused messages: once at Warning per sender address and kind of message, then at Debug, so a
/// peer that keeps knocking cannot flood the log; the set of remembered pairs is bounded.
/// </summary>
public sealed class RefusalLog(ILoggingAdapter log, int remember = 1000)
{
    readonly HashSet<(Address, string)> _seen = new();

    /// <summary>Logs that <paramref name="message"/> from <paramref name="sender"/> was refused and why.</summary>
    public void Refuse(IActorRef sender, object message, string why) =>
        Refuse(sender, $"{message.GetType().Name}: {why}", message.GetType().Name);

    /// <summary>Logs a refusal described in <paramref name="what"/>.</summary>
    public void Refuse(IActorRef sender, string what) => Refuse(sender, what, what.Split(':')[0]);

    void Refuse(IActorRef sender, string what, string kind)
    {
        var key = (sender.Path.Address, kind);
        if (_seen.Contains(key))
        {
            log.Debug("Refused {0} from {1}", what, sender.Path);
            return;
        }
        if (_seen.Count >= remember) _seen.Clear();
        _seen.Add(key);
        log.Warning("Refused {0} from {1} (further refusals of this kind from {2} are logged at debug level)", what, sender.Path, sender.Path.Address);
    }
}
