using System.CommandLine;
using System.Globalization;
using Crossfold.Shared;

namespace Crossfold.Coordinator.Cli;

/// <summary>Options whose default comes from an environment variable (named in the help), so containers configure nodes without flags.</summary>
public static class EnvOption
{
    public static Option<T> Create<T>(string name, string variable, string description, Func<string, T> parse, T fallback) => new(name)
    {
        Description = $"{description} [env {variable}]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? parse(v) : fallback,
    };

    public static int Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
        ? v : throw new InputException($"expected a whole number, got '{text}'");

    public static long Long(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
        ? v : throw new InputException($"expected a whole number, got '{text}'");

    public static bool Bool(string text) => bool.TryParse(text, out bool v)
        ? v : throw new InputException($"expected true or false, got '{text}'");
}
