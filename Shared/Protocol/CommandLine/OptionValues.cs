using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Crossfold.Protocol.CommandLine;

/// <summary>
/// Option values in the user's words: numbers are parsed with messages that name the option as it was
/// typed (<c>-w</c> or <c>--local-workers</c>) and say what was expected, never a .NET type, and range and
/// choice checks do the same.
/// </summary>
public static class OptionValues
{
    delegate bool TryParse<T>(string text, out T value);

    static readonly TryParse<int> Int = (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    static readonly TryParse<long> Long = (string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    static readonly TryParse<double> Double = (string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>
    /// Gives every number option and argument of <paramref name="command"/> and its subcommands that has no
    /// parser of its own one that explains a bad value. Switches need none: a value after one that is not
    /// true or false is an unexpected argument, which <see cref="CommandLineProblems"/> words.
    /// </summary>
    public static void UseUserWords(Command command)
    {
        foreach (var option in command.Options)
            switch (option)
            {
                case Option<int> o: o.CustomParser ??= r => Parse(r, Int, WholeNumber, out int v) ? v : 0; break;
                case Option<int?> o: o.CustomParser ??= r => Parse(r, Int, WholeNumber, out int v) ? v : null; break;
                case Option<long> o: o.CustomParser ??= r => Parse(r, Long, WholeNumber, out long v) ? v : 0; break;
                case Option<long?> o: o.CustomParser ??= r => Parse(r, Long, WholeNumber, out long v) ? v : null; break;
                case Option<double> o: o.CustomParser ??= r => Parse(r, Double, "a number", out double v) ? v : 0; break;
                case Option<double?> o: o.CustomParser ??= r => Parse(r, Double, "a number", out double v) ? v : null; break;
            }
        foreach (var argument in command.Arguments)
            switch (argument)
            {
                case Argument<int> a: a.CustomParser ??= r => Parse(r, Int, WholeNumber, out int v) ? v : 0; break;
                case Argument<int?> a: a.CustomParser ??= r => Parse(r, Int, WholeNumber, out int v) ? v : null; break;
            }
        foreach (var sub in command.Subcommands) UseUserWords(sub);
    }

    const string WholeNumber = "a whole number";

    /// <summary>A whole number of at least <paramref name="min"/>, or absent.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int min)
    {
        option.CustomParser = r => Parse(r, Int, WholeNumber, out int v) && InRange(r, v, min) ? v : null;
        return option;
    }

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int min)
    {
        option.CustomParser = r => Parse(r, Int, WholeNumber, out int v) && InRange(r, v, min) ? v : min;
        return option;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive, given back in lower case).</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] choices)
    {
        option.CustomParser = r =>
        {
            string text = Text(r);
            if (choices.Contains(text, StringComparer.OrdinalIgnoreCase)) return text.ToLowerInvariant();
            r.AddError($"{Typed(r)} {text}: expected {Either(choices)}");
            return choices[0];
        };
        return option;
    }

    /// <summary>The option or argument as the user wrote it: the alias typed (-w, --local-workers), or &lt;name&gt; for an argument.</summary>
    public static string Typed(SymbolResult result) => result switch
    {
        OptionResult o => o.IdentifierToken?.Value ?? o.Option.Name,
        ArgumentResult { Parent: OptionResult o } => Typed(o),
        ArgumentResult a => $"<{a.Argument.Name}>",
        _ => "",
    };

    /// <summary>"a, b or c".</summary>
    public static string Either(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";

    static bool Parse<T>(ArgumentResult r, TryParse<T> parse, string expected, out T value)
    {
        string text = Text(r);
        if (parse(text, out value)) return true;
        r.AddError($"{Typed(r)} {text}: expected {expected}");
        return false;
    }

    static bool InRange(ArgumentResult r, int value, int min)
    {
        if (value >= min) return true;
        r.AddError($"{Typed(r)} must be at least {min}, got {value}");
        return false;
    }

    // An option takes exactly one value here; the last token is the one the user meant if several were given.
    static string Text(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
}
