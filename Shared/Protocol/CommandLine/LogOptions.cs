using Crossfold.Core;
using Microsoft.Extensions.Logging;

namespace Crossfold.Protocol.CommandLine;

/// <summary>
/// How a node logs (--log-level, --log-format). At "info", Crossfold's own lines (one per sweep accepted or
/// ended, worker left, job failed, dataset downloaded) and the frameworks' warnings and errors; at "debug",
/// everything ASP.NET Core and Akka.NET say too. "json" writes one JSON object per line for log aggregators.
/// </summary>
public sealed record LogOptions(bool Debug, bool Json)
{
    public static LogOptions Default { get; } = new(false, false);

    /// <summary>The options as given on the command line; an <see cref="InputException"/> naming the option otherwise.</summary>
    public static LogOptions Parse(string level, string format) => new(
        level.Trim().ToLowerInvariant() switch
        {
            "info" => false,
            "debug" => true,
            _ => throw new InputException($"--log-level {level}: expected info or debug"),
        },
        format.Trim().ToLowerInvariant() switch
        {
            "text" => false,
            "json" => true,
            _ => throw new InputException($"--log-format {format}: expected text or json"),
        });

    /// <summary>The level Akka.NET itself filters at (its own lines go on to the category filters below).</summary>
    public string AkkaLevel => Debug ? "DEBUG" : "INFO";

    /// <summary>Sets up the console logger: one line per entry, and the frameworks' chatter at Warning unless debugging.</summary>
    public void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Json)
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        else
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        if (Debug)
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            return;
        }
        // The frameworks' Information lines are request logs (with URLs), cluster gossip and host banners: warnings
        // and errors only. Crossfold's own categories (Crossfold.*) keep Information.
        logging.SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .AddFilter("Akka", LogLevel.Warning);
    }
}
