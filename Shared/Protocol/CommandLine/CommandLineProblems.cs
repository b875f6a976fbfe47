using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Crossfold.Protocol.CommandLine;

/// <summary>
/// Mistakes on the command line (an unknown option, a missing argument, a value that does not parse)
/// reported as one line each on stderr, then where to read the usage; exit code 2 (bad input), like
/// every other bad input, never 1 (which means "some folds failed").
/// </summary>
public static class CommandLineProblems
{
    /// <summary>The exit code of a command line that could not be understood (the README's "bad input").</summary>
    public const int ExitCode = 2;

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command, or reports the mistakes and returns 2.
    /// --help and --version win over mistakes, as users expect.
    /// </summary>
    public static Task<int> Invoke(RootCommand root, string[] args, InvocationConfiguration configuration)
    {
        OptionValues.UseUserWords(root);
        var result = root.Parse(args);
        if (result.Action is not ParseErrorAction) return result.InvokeAsync(configuration);
        var errors = configuration.Error ?? Console.Error;
        foreach (var e in result.Errors) errors.WriteLine($"error: {e.Message}");
        errors.WriteLine($"usage: `{Path(result.CommandResult)} --help` lists the arguments and options");
        return Task.FromResult(ExitCode);
    }

    static string Path(SymbolResult command) => command switch
    {
        CommandResult { Parent: CommandResult parent } c => $"{Path(parent)} {c.Command.Name}",
        CommandResult c => c.Command.Name,
        _ => "",
    };
}
