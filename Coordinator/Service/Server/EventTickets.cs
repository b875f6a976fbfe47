using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Crossfold.Coordinator.Server;

/// <summary>
/// Short-lived, single-use tickets that stand in for the bearer token in an event stream's URL, where a
/// browser's EventSource cannot send headers. A ticket in a log or a browser's history is worthless:
/// it worked once, within a minute of being issued.
/// </summary>
public sealed class EventTickets(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>Unused tickets kept at most; a client that asks for more gets none until some are used or expire.</summary>
    public const int MaxOutstanding = 1000;

    readonly ConcurrentDictionary<string, DateTimeOffset> _open = new(StringComparer.Ordinal);

    /// <summary>A new ticket (256 random bits, base64url), or null when <see cref="MaxOutstanding"/> are already waiting.</summary>
    public string? Issue()
    {
        var now = clock.GetUtcNow();
        foreach (var (ticket, expires) in _open)
            if (expires <= now) _open.TryRemove(ticket, out _);
        if (_open.Count >= MaxOutstanding) return null;
        string fresh = NewTicket();
        _open[fresh] = now + Lifetime;
        return fresh;
    }

    /// <summary>256 random bits in base64url, kept nowhere.</summary>
    public static string NewTicket() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>True once for a ticket issued less than <see cref="Lifetime"/> ago; the ticket is spent either way.</summary>
    public bool Redeem(string ticket) => _open.TryRemove(ticket, out var expires) && clock.GetUtcNow() < expires;
}
