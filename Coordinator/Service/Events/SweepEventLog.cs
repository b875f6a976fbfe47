using Crossfold.Protocol.Messages;

namespace Crossfold.Coordinator.Events;

/// <summary>
/// Numbers each sweep's events for one coordinator incarnation and keeps the newest of them, so a client
/// that reconnects gets exactly what it missed. Bounded: at most <see cref="EventsPerSweep"/> events for
/// each of the <see cref="Sweeps"/> sweeps with the newest events (plus one counter per sweep, as the
/// scheduler already holds one record per sweep); anything older is answered with null, and the caller
/// sends a fresh status instead.
/// </summary>
public sealed class SweepEventLog(string incarnation)
{
    /// <summary>How many of a sweep's newest events are kept for replay: minutes of epochs on a busy cluster, more than a restart takes.</summary>
    public const int EventsPerSweep = 1024;

    /// <summary>How many sweeps keep their newest events; the sweep whose last event is oldest gives its up first.</summary>
    public const int Sweeps = 64;

    readonly Dictionary<string, long> _last = new();
    readonly Dictionary<string, Queue<NumberedSweepEvent>> _kept = new();
    readonly LinkedList<string> _byRecency = new();

    /// <summary>This incarnation's name, fresh for every coordinator start or singleton move.</summary>
    public string Incarnation { get; } = incarnation;

    /// <summary>A new coordinator incarnation with a random name.</summary>
    public static SweepEventLog Start() => new(Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Gives the event the next number of its sweep and keeps it for replay.</summary>
    public NumberedSweepEvent Record(ISweepEvent e)
    {
        long sequence = _last.GetValueOrDefault(e.SweepId) + 1;
        _last[e.SweepId] = sequence;
        var numbered = new NumberedSweepEvent(new SweepEventId(Incarnation, sequence), e);
        if (!_kept.TryGetValue(e.SweepId, out var kept))
        {
            if (_kept.Count == Sweeps)
            {
                _kept.Remove(_byRecency.First!.Value);
                _byRecency.RemoveFirst();
            }
            _kept[e.SweepId] = kept = new Queue<NumberedSweepEvent>();
        }
        else _byRecency.Remove(e.SweepId);
        _byRecency.AddLast(e.SweepId);
        if (kept.Count == EventsPerSweep) kept.Dequeue();
        kept.Enqueue(numbered);
        return numbered;
    }

    /// <summary>The id of the sweep's newest event (sequence 0 before its first).</summary>
    public SweepEventId Last(string sweepId) => new(Incarnation, _last.GetValueOrDefault(sweepId));

    /// <summary>
    /// The sweep's events after <paramref name="after"/>, oldest first (empty when it was the newest), or null
    /// when they cannot be told exactly: another incarnation numbered it, it lies in the future, or the
    /// events right after it are no longer kept.
    /// </summary>
    public IReadOnlyList<NumberedSweepEvent>? After(string sweepId, SweepEventId after)
    {
        long last = _last.GetValueOrDefault(sweepId);
        if (after.Incarnation != Incarnation || after.Sequence < 0 || after.Sequence > last) return null;
        if (after.Sequence == last) return [];
        if (!_kept.TryGetValue(sweepId, out var kept) || kept.Peek().Id.Sequence > after.Sequence + 1) return null;
        return kept.Where(e => e.Id.Sequence > after.Sequence).ToList();
    }
}
