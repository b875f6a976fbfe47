using System.CommandLine;

namespace Crossfold.Protocol.CommandLine;

/// <summary>--log-level and --log-format, the same for `crossfold serve` and `crossfold-worker`.</summary>
public sealed class NodeLogFlags
{
    Option<string> _level = null!;
    Option<string> _format = null!;

    public static NodeLogFlags Create() => new()
    {
        _level = EnvOption.Create("--log-level", "CROSSFOLD_LOG_LEVEL",
            "info (Crossfold's lifecycle lines, the frameworks' warnings) or debug (everything ASP.NET Core and Akka.NET say too)", v => v, "info"),
        _format = EnvOption.Create("--log-format", "CROSSFOLD_LOG_FORMAT", "text (one line per entry) or json (one JSON object per line, for log aggregators)", v => v, "text"),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_level);
        command.Options.Add(_format);
    }

    /// <summary>The options, checked.</summary>
    public LogOptions Read(ParseResult result) => LogOptions.Parse(result.GetValue(_level)!, result.GetValue(_format)!);
}
