using System.CommandLine;
using System.Globalization;
using Crossfold.Core;

namespace Crossfold.Protocol.CommandLine;

/// <summary>Options whose default comes from an environment variable (named in the help), so containers configure nodes without flags.</summary>
public static class EnvOption
{
    /// <summary>
    /// An option whose default is read from <paramref name="variable"/> when it is set; a value that does
    /// not parse becomes a command-line error naming the variable.
    /// </summary>
    public static Option<T> Create<T>(string name, string variable, string description, Func<string, T> parse, T fallback) => new(name)
    {
        Description = $"{description} [env {variable}]",
        DefaultValueFactory = result =>
        {
            if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } value) return fallback;
            try
            {
                return parse(value);
            }
            catch (InputException e)
            {
                result.AddError($"{variable}: {e.Message}");
                return fallback;
            }
        },
    };

    public static int Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
        ? v : throw new InputException($"expected a whole number, got '{text}'");

    public static long Long(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
        ? v : throw new InputException($"expected a whole number, got '{text}'");

    public static bool Bool(string text) => bool.TryParse(text, out bool v)
        ? v : throw new InputException($"expected true or false, got '{text}'");
}
