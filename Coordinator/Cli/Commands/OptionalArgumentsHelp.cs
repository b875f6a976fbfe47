using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Crossfold.Cli;

/// <summary>
/// The top-level help with optional arguments in brackets ("status [&lt;id&gt;]"), as each subcommand's own help
/// shows them: System.CommandLine 2.0 lists every subcommand's arguments as required in its parent's help, and the
/// type that formats it is internal, so the default text is written and its subcommand column corrected.
/// </summary>
public sealed class OptionalArgumentsHelp(HelpAction standard) : SynchronousCommandLineAction
{
    /// <summary>Puts this help on <paramref name="root"/>'s help option.</summary>
    public static void Use(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new OptionalArgumentsHelp((HelpAction)option.Action!);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        var text = new StringWriter();
        configuration.Output = text;
        try
        {
            standard.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }
        output.Write(Bracket(text.ToString(), parseResult.CommandResult.Command));
        return 0;
    }

    /// <summary>
    /// Rewrites each subcommand row "  name &lt;arg&gt;   description" with the optional arguments bracketed, taking the
    /// two added characters out of the padding so the descriptions stay aligned.
    /// </summary>
    public static string Bracket(string help, Command command)
    {
        foreach (var sub in command.Subcommands)
        {
            var optional = sub.Arguments.Where(a => !a.Hidden && a.Arity.MinimumNumberOfValues == 0).ToList();
            if (optional.Count == 0) continue;
            string plain = "  " + string.Join(" ", sub.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.HelpName ?? a.Name}>").Prepend(sub.Name));
            string bracketed = "  " + string.Join(" ", sub.Arguments.Where(a => !a.Hidden)
                .Select(a => optional.Contains(a) ? $"[<{a.HelpName ?? a.Name}>]" : $"<{a.HelpName ?? a.Name}>").Prepend(sub.Name));
            int added = bracketed.Length - plain.Length;
            string padded = plain + new string(' ', added + 2);
            help = help.Replace("\n" + padded, "\n" + bracketed + "  ", StringComparison.Ordinal);
        }
        return help;
    }
}
