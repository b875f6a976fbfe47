using System.Globalization;
using Crossfold.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// The `id:` of a sweep stream's events, `INCARNATION-SEQUENCE` (e.g. `3f9a0c1d2b4e-42`), and reading it back
/// from a client that reconnects. What a client sends is untrusted: anything too long or not of that form
/// reads as no id, which gets a fresh status rather than an error.
/// </summary>
public static class LastEventId
{
    /// <summary>The standard header EventSource sends when it reconnects by itself.</summary>
    public const string Header = "Last-Event-ID";

    /// <summary>The query parameter for clients that open a new stream and cannot set headers (a browser's EventSource with a fresh ticket).</summary>
    public const string Query = "lastEventId";

    /// <summary>Longer than any id this server writes (12 + 1 + 19 characters), short enough to parse without care.</summary>
    public const int MaxLength = 64;

    /// <summary>The id written on the stream.</summary>
    public static string Format(SweepEventId id) => $"{id.Incarnation}-{id.Sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The id a client last saw: the header, else the query parameter; null when neither holds a well-formed id.</summary>
    public static SweepEventId? Read(HttpRequest request) =>
        Parse(request.Headers[Header].FirstOrDefault()) ?? Parse(request.Query[Query].FirstOrDefault());

    /// <summary>The id in <paramref name="text"/>, or null when it is missing, too long or malformed.</summary>
    public static SweepEventId? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return null;
        int dash = text.LastIndexOf('-');
        if (dash <= 0 || !text[..dash].All(char.IsAsciiLetterOrDigit)) return null;
        return long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            ? new SweepEventId(text[..dash], sequence) : null;
    }
}
