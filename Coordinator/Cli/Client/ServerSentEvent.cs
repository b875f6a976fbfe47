using System.Text.Json;

namespace Crossfold.Cli.Client;

/// <summary>One event of a server-sent event stream: its id (null when the stream gives none), name and JSON data.</summary>
public sealed record ServerSentEvent(string? Id, string Name, JsonElement Data);
